package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.create.CreateFixture.jobAt;
import static org.alisw.runbooks.runbook.create.CreateFixture.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.certmgr.StagedCertificate;
import org.alisw.runbooks.roger.MachineState;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import java.util.Map;
import org.alisw.runbooks.openstack.ServerSpec;
import org.alisw.runbooks.roger.AppState;
import org.alisw.runbooks.roger.MachineStateUpdate;
import org.alisw.runbooks.roger.RogerFailures;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** Walks {@code provision-vm} ("create as ai-bs does") with Nova and Foreman faked. */
@Deployment(resources = {"provision-vm.bpmn", "forms/provision-vm-boot-failed.form", "forms/provision-vm-refused.form",
    "forms/provision-vm-roger-refused.form",
    "forms/provision-vm-overdue.form", "forms/provision-vm-clean-up-refused.form"})
class ProvisionVmProcessTest {

  @RegisterExtension static final ProcessEngineExtension ENGINE = CreateFixture.engine();

  private CreateFixture fixture;

  @BeforeEach
  void registerBeans() {
    fixture = new CreateFixture().register();
  }

  @AfterEach
  void resetMocks() {
    Mocks.reset();
    ClockUtil.reset();
  }

  @Test
  void createsABuildAgentAsAiBsDoesAndEndsWhenItIsActive() {
    ProcessInstance instance = start(buildAgent("alibuild13"));

    fixture.runToBootRequested(true);

    assertThat(fixture.cloud.keypairs).containsExactly("release-testing/alibuild/" + CreateFixture.PUBLIC_KEY);
    assertThat(fixture.foreman.hosts.get("alibuild13").hostgroup()).isEqualTo("alibuild/mesos/slave");
    assertThat(fixture.foreman.hosts.get("alibuild13").environment()).isEqualTo("production");
    verify(fixture.certmgr).stage("alibuild13");
    assertThat(fixture.cloud.volumes.values()).singleElement().satisfies(v -> {
      assertThat(v.name()).isEqualTo("alibuild13.cern.ch_vol_001");
      assertThat(v.sizeGb()).isEqualTo(500);
      assertThat(v.type()).isEqualTo("io1");
    });
    ServerSpec boot = fixture.cloud.boots.get(0);
    assertThat(boot.name()).isEqualTo("alibuild13");
    assertThat(boot.flavor()).isEqualTo("m2.2xlarge");
    assertThat(boot.image()).isNull(); // the latest of the default family, as --cc7
    assertThat(boot.keypair()).isEqualTo("alibuild");
    assertThat(boot.landbMainUser()).isEqualTo("alice-agile-admin");
    assertThat(boot.landbResponsible()).isEqualTo("alice-agile-admin");
    assertThat(boot.hostgroup()).isEqualTo("alibuild/mesos/slave");
    assertThat(boot.environment()).isEqualTo("production");
    assertThat(boot.puppetinit()).contains("puppetinit for production");
    assertThat(boot.volumes()).singleElement().satisfies(d -> {
      assertThat(d.device()).isEqualTo("vdb");
      assertThat(d.deleteOnTermination()).isFalse();
    });
    assertThat(boot.runbookInstanceId()).isEqualTo(instance.getId());
    assertThat(boot.extraMetadata()).containsEntry("runbook-boot-request", instance.getId() + "/boot/1");
    ArgumentCaptor<MachineStateUpdate> update = ArgumentCaptor.forClass(MachineStateUpdate.class);
    verify(fixture.roger).update(org.mockito.ArgumentMatchers.eq("alibuild13"), update.capture());
    assertThat(update.getValue().appstate()).isEqualTo(AppState.BUILD);

    fixture.pollBoot("BUILD");
    assertThat(instance).isWaitingAt("timer_wait_boot");
    fixture.pollBoot("ACTIVE");

    assertThat(instance).isEnded().hasPassed("end_event_provisioned");
    assertThat(instance).variables()
        .containsEntry("provisioned", true)
        .containsEntry("serverId", "srv-2")
        .containsEntry("volumeId", "vol-1");
  }

  @Test
  void aReleaseValidationAgentGetsNoVolume() {
    Map<String, Object> request = buildAgent("alibuild14");
    request.put("purpose", "release-validation");
    request.put("project", "cloud-tests");
    request.remove("volume");
    ProcessInstance instance = start(request);

    fixture.runToBootRequested(false);
    fixture.pollBoot("ACTIVE");

    assertThat(instance).isEnded().hasNotPassed("service_task_create_volume");
    assertThat(fixture.cloud.volumes).isEmpty();
    assertThat(fixture.cloud.boots.get(0).volumes()).isEmpty();
    assertThat(fixture.cloud.findServer("cloud-tests", "alibuild14")).isPresent();
  }

  @Test
  void aMasterBootsInItsZoneWithA200GbVolume() {
    fixture.cloud.existing("release-testing", "alimesos01", "cern-geneva-a");
    fixture.cloud.existing("release-testing", "alimesos02", "cern-geneva-b");
    start(master("alimesos04", "cern-geneva-c"));

    fixture.runToBootRequested(true);

    ServerSpec boot = fixture.cloud.boots.get(0);
    assertThat(boot.availabilityZone()).isEqualTo("cern-geneva-c");
    assertThat(boot.hostgroup()).isEqualTo("alibuild/mesos/master");
    assertThat(boot.environment()).isEqualTo("alibuild_devel");
    assertThat(boot.flavor()).isEqualTo("m2.large");
    assertThat(fixture.cloud.volumes.values()).singleElement().satisfies(v -> assertThat(v.sizeGb()).isEqualTo(200));
  }

  @Test
  void aBootThatEndsInErrorIsDeletedAndBootedAgainOnRequestWithANewStepKey() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");

    assertThat(instance).hasPassed("boundary_error_boot_failed").isWaitingAt("user_task_boot_failed");
    assertThat(task(instance)).hasCandidateGroup(CreateFixture.OPERATORS);
    assertThat(instance).variables().containsEntry("serverFault", "No valid host was found.");

    complete(task(instance), withVariables("decision", "delete-and-retry", "investigationNotes", "no valid host"));
    runJob("service_task_delete_failed_server");
    assertThat(fixture.cloud.deleted).containsExactly("srv-2");
    runJob("timer_wait_gone");
    runJob("service_task_read_gone_status");

    // Back in the create sub-process: everything adopted, a second boot with a new key.
    fixture.runToBootRequested(true);
    assertThat(fixture.foreman.hosts).hasSize(1);
    assertThat(fixture.cloud.volumes).hasSize(1);
    assertThat(fixture.cloud.boots).hasSize(2);
    assertThat(fixture.cloud.boots.get(1).extraMetadata()).containsEntry("runbook-boot-request", instance.getId() + "/boot/2");
    assertThat(fixture.cloud.boots.get(1).volumes().get(0).volumeId()).isEqualTo("vol-1");
    fixture.pollBoot("ACTIVE");
    assertThat(instance).isEnded().variables().containsEntry("provisioned", true).containsEntry("bootsRequested", 2);
  }

  @Test
  void keepingAFailedBootForInspectionEndsWithoutDeletingAnything() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");

    complete(task(instance), withVariables("decision", "keep-for-inspection", "investigationNotes", "hypervisor?"));

    assertThat(instance).isEnded().hasPassed("end_event_kept_for_inspection");
    assertThat(instance).variables().containsEntry("provisioned", false).containsEntry("serverId", "srv-2").containsEntry("volumeId", "vol-1");
    assertThat(fixture.cloud.deleted).isEmpty();
    assertThat(fixture.cloud.servers).hasSize(1);
  }

  @Test
  void aBootNotActiveInTimeGoesToTheOperator() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);

    runJob("boundary_timer_boot_timeout");
    runJob("service_task_recheck_boot");

    assertThat(instance).hasPassed("gateway_boot_recheck").isWaitingAt("user_task_boot_failed");
  }

  /** Suspended past the boot deadline, resumed once the server is ACTIVE: it looks again and goes on. */
  @Test
  void aBootDeadlinePassedWhileTheServerBecameActiveLooksAgainAndEndsProvisioned() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    runtimeService().suspendProcessInstanceById(instance.getId());
    fixture.cloud.servers.keySet().forEach(id -> fixture.cloud.setStatus(id, "ACTIVE", null));
    runtimeService().activateProcessInstanceById(instance.getId());

    runJob("boundary_timer_boot_timeout");
    runJob("service_task_recheck_boot");

    assertThat(instance).isEnded().hasPassed("end_event_provisioned_at_second_look").hasNotPassed("user_task_boot_failed");
    assertThat(instance).variables().containsEntry("provisioned", true);
  }

  /** Issue 9: a create that fails at boot leaves no server, volume, staging or Foreman host behind. */
  @Test
  void aBootInErrorIsCleanedUpCompletelyWhenTheOperatorSaysSo() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");
    when(fixture.certmgr.staged("alibuild13")).thenReturn(List.of(new StagedCertificate(7, "alibuild13.cern.ch", "runbooks", "now", "tomorrow")));
    when(fixture.certmgr.unstage(7)).thenReturn(true);
    when(fixture.roger.state("alibuild13")).thenReturn(Optional.of(new MachineState("alibuild13.cern.ch", "build", false, false, false, false, null, null, null)));

    complete(task(instance), withVariables("decision", "delete-everything", "investigationNotes", "no valid host, not worth it today"));
    runCleanUp(true);

    assertThat(instance).isEnded().hasPassed("sub_process_clean_up", "end_event_cleaned_up");
    assertThat(instance).variables().containsEntry("provisioned", false).containsEntry("cleanedUp", true);
    assertThat(fixture.cloud.servers).isEmpty();
    assertThat(fixture.cloud.volumes).isEmpty();
    assertThat(fixture.cloud.deletedVolumes).containsExactly("vol-1");
    assertThat(fixture.foreman.hosts).isEmpty();
    verify(fixture.certmgr).unstage(7);
    ArgumentCaptor<MachineStateUpdate> update = ArgumentCaptor.forClass(MachineStateUpdate.class);
    verify(fixture.roger, org.mockito.Mockito.times(2)).update(org.mockito.ArgumentMatchers.eq("alibuild13"), update.capture());
    assertThat(update.getValue().appstate()).isEqualTo(AppState.DISABLED);
    assertThat(update.getValue().osAlarmed()).isFalse();
  }

  /** The volume is deleted only once Nova let go of it: the clean-up waits while it is detaching. */
  @Test
  void theCleanUpWaitsUntilTheVolumeIsDetached() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");
    fixture.cloud.setVolumeStatus("vol-1", "detaching");
    complete(task(instance), withVariables("decision", "delete-everything", "investigationNotes", "x"));

    runJob("service_task_clean_delete_server");
    runJob("timer_clean_wait_server");
    runJob("service_task_clean_read_server");
    runJob("service_task_clean_read_volume");
    assertThat(instance).isWaitingAt("timer_clean_wait_volume");
    assertThat(fixture.cloud.deletedVolumes).isEmpty();

    fixture.cloud.setVolumeStatus("vol-1", "available");
    runJob("timer_clean_wait_volume");
    runJob("service_task_clean_read_volume");
    runJob("service_task_clean_delete_volume");
    assertThat(fixture.cloud.deletedVolumes).containsExactly("vol-1");
  }

  /**
   * "Give up" of a refused step may delete what was made so far; the server of that name is someone
   * else's (it is why the boot was refused) and stays.
   */
  @Test
  void aRefusedStepsGiveUpMayDeleteEverythingThisRunbookMadeButNothingElse() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    runJob("service_task_ensure_keypair");
    runJob("service_task_register_foreman_host");
    runJob("service_task_stage_certificate");
    runJob("service_task_create_volume");
    fixture.cloud.setVolumeStatus("vol-1", "available");
    runJob("timer_wait_volume");
    runJob("service_task_read_volume_status");
    fixture.cloud.existing("release-testing", "alibuild13", "cern-geneva-a");
    runJob("service_task_boot_server");
    assertThat(instance).isWaitingAt("user_task_provisioning_refused");

    complete(task(instance), withVariables("decision", "delete-everything", "investigationNotes", "someone else booted alibuild13"));
    runCleanUp(false);

    assertThat(instance).isEnded().hasPassed("end_event_cleaned_up");
    assertThat(fixture.cloud.deleted).isEmpty();
    assertThat(fixture.cloud.findServer("release-testing", "alibuild13")).isPresent();
    assertThat(fixture.cloud.volumes).isEmpty();
    assertThat(fixture.foreman.hosts).isEmpty();
  }

  /** A Foreman host that is not the one this runbook registered is never deleted; the operator decides. */
  @Test
  void theCleanUpRefusesAForemanHostThisRunbookDidNotRegisterAndMayBeRetriedOrStopped() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");
    fixture.foreman.hosts.remove("alibuild13");
    fixture.foreman.existing("alibuild13", "alibuild/mesos/slave"); // re-registered by someone else: another id

    complete(task(instance), withVariables("decision", "delete-everything", "investigationNotes", "x"));
    runJob("service_task_clean_delete_server");
    runJob("timer_clean_wait_server");
    runJob("service_task_clean_read_server");
    runJob("service_task_clean_read_volume");
    runJob("service_task_clean_delete_volume");
    runJob("service_task_clean_unstage_certificate");
    runJob("service_task_clean_delete_foreman_host");

    assertThat(instance).hasPassed("boundary_error_clean_up_refused").isWaitingAt("user_task_clean_up_refused");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("was not registered by this runbook");
    assertThat(fixture.foreman.hosts).containsKey("alibuild13");

    complete(task(instance), withVariables("decision", "retry-clean-up", "investigationNotes", "asked around, it is Bob's"));
    runJob("service_task_clean_delete_server");
    runJob("service_task_clean_read_volume");
    runJob("service_task_clean_unstage_certificate");
    runJob("service_task_clean_delete_foreman_host");
    assertThat(instance).isWaitingAt("user_task_clean_up_refused");

    complete(task(instance), withVariables("decision", "stop", "investigationNotes", "Bob keeps his host"));
    assertThat(instance).isEnded().hasPassed("end_event_clean_up_stopped").variables()
        .containsEntry("provisioned", false).containsEntry("cleanedUp", false);
    assertThat(fixture.foreman.hosts).containsKey("alibuild13");
  }

  @Test
  void aVolumeStillCreatingPastItsDeadlineGoesToTheOperatorWhoMayWaitAgain() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    runJob("service_task_ensure_keypair");
    runJob("service_task_register_foreman_host");
    runJob("service_task_stage_certificate");
    runJob("service_task_create_volume");
    runJob("timer_wait_volume");
    runJob("service_task_read_volume_status");
    assertThat(instance).isWaitingAt("timer_wait_volume");

    later(Duration.ofMinutes(11));
    runJob("timer_wait_volume");
    runJob("service_task_read_volume_status");

    assertThat(instance).hasPassed("end_event_volume_overdue", "boundary_error_wait_overdue_volume").isWaitingAt("user_task_wait_overdue");
    assertThat(instance).variables().containsEntry("overdueWait", "volume").containsEntry("volumeStatus", "creating");

    complete(task(instance), withVariables("decision", "wait-again", "investigationNotes", "Cinder is slow today"));
    fixture.runToBootRequested(true);
    assertThat(fixture.cloud.volumes).hasSize(1);
    assertThat(fixture.cloud.boots).hasSize(1);
  }

  /** The deadline passed while the runbook was suspended, but the volume is available by now: no escalation. */
  @Test
  void aVolumeAvailableAtTheFirstLookAfterItsDeadlineGoesOn() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    runJob("service_task_ensure_keypair");
    runJob("service_task_register_foreman_host");
    runJob("service_task_stage_certificate");
    runJob("service_task_create_volume");
    runtimeService().suspendProcessInstanceById(instance.getId());
    later(Duration.ofHours(2));
    fixture.cloud.setVolumeStatus("vol-1", "available");
    runtimeService().activateProcessInstanceById(instance.getId());

    runJob("timer_wait_volume");
    runJob("service_task_read_volume_status");

    assertThat(instance).hasNotPassed("end_event_volume_overdue").isWaitingAt("service_task_boot_server");
  }

  @Test
  void aServerNotGonePastItsDeadlineGoesToTheOperatorWhoMayGiveUp() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");
    fixture.cloud.deletesHang = true;
    complete(task(instance), withVariables("decision", "delete-and-retry", "investigationNotes", "retry"));
    runJob("service_task_delete_failed_server");
    runJob("timer_wait_gone");
    runJob("service_task_read_gone_status");
    assertThat(instance).isWaitingAt("timer_wait_gone");

    later(Duration.ofMinutes(11));
    runJob("timer_wait_gone");
    runJob("service_task_read_gone_status");
    assertThat(instance).hasPassed("end_event_gone_overdue").isWaitingAt("user_task_wait_overdue");

    complete(task(instance), withVariables("decision", "wait-again", "investigationNotes", "Nova is slow"));
    assertThat(instance).isWaitingAt("timer_wait_gone");
    fixture.cloud.deletesHang = false;
    later(Duration.ofMinutes(22));
    runJob("timer_wait_gone");
    runJob("service_task_read_gone_status");
    assertThat(instance).isWaitingAt("user_task_wait_overdue");

    complete(task(instance), withVariables("decision", "give-up", "investigationNotes", "ticket opened with the cloud team"));
    assertThat(instance).isEnded().hasPassed("end_event_provisioning_given_up").variables().containsEntry("provisioned", false);
  }

  /** A job that dies after Nova accepted the boot is retried with the same key and adopts the server. */
  @Test
  void aRetriedBootJobAdoptsTheServerItAlreadyCreated() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.cloud.failNextCreateAfterBoot = 1;
    runJob("service_task_ensure_keypair");
    runJob("service_task_register_foreman_host");
    runJob("service_task_stage_certificate");
    runJob("service_task_create_volume");
    fixture.cloud.volumes.keySet().forEach(id -> fixture.cloud.setVolumeStatus(id, "available"));
    runJob("timer_wait_volume");
    runJob("service_task_read_volume_status");

    assertThatThrownBy(() -> managementService().executeJob(jobAt("service_task_boot_server").getId())).hasMessageContaining("504");
    runJob("service_task_boot_server");

    assertThat(fixture.cloud.servers).hasSize(1);
    assertThat(fixture.cloud.boots).extracting(b -> b.extraMetadata().get("runbook-boot-request"))
        .containsExactly(instance.getId() + "/boot/1", instance.getId() + "/boot/1");
    assertThat(instance).variables().containsEntry("bootsRequested", 1);
  }

  /**
   * Issue 2: the registration job dies after Foreman accepted the host. The retry finds the host
   * carrying this instance's marker, adopts it and goes on; a host without the marker is refused.
   */
  @Test
  void aRetriedRegistrationAdoptsTheForemanHostCarryingThisRunbooksMarker() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    runJob("service_task_ensure_keypair");
    fixture.foreman.failNextAfterAccept = true;

    assertThatThrownBy(() -> managementService().executeJob(jobAt("service_task_register_foreman_host").getId())).hasMessageContaining("Gateway timeout after Foreman accepted");
    assertThat(fixture.foreman.hosts.get("alibuild13").comment()).isEqualTo("runbook-instance-id=" + instance.getId());
    assertThat(runtimeService().getVariable(instance.getId(), "foremanHostId")).isNull();

    runJob("service_task_register_foreman_host");

    assertThat(instance).isWaitingAt("service_task_stage_certificate");
    assertThat(fixture.foreman.hosts).hasSize(1);
    assertThat(runtimeService().getVariable(instance.getId(), "foremanHostId")).isEqualTo(fixture.foreman.hosts.get("alibuild13").id());
  }

  @Test
  void aRetriedRegistrationRefusesAForemanHostWithoutThisRunbooksMarker() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    runJob("service_task_ensure_keypair");
    fixture.foreman.failNextAfterAccept = true;
    assertThatThrownBy(() -> managementService().executeJob(jobAt("service_task_register_foreman_host").getId())).hasMessageContaining("Gateway timeout after Foreman accepted");
    // Meanwhile someone deleted it and registered the name again, without our marker.
    fixture.foreman.hosts.remove("alibuild13");
    fixture.foreman.existing("alibuild13", "alibuild/mesos/slave");

    runJob("service_task_register_foreman_host");

    assertThat(instance).isWaitingAt("user_task_provisioning_refused");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("exists already in Foreman");
  }

  @Test
  void refusesANameTakenInNovaOrForemanBeforeStarting() {
    fixture.cloud.existing("release-testing", "alibuild05", "cern-geneva-b");
    fixture.foreman.existing("alibuild20", "alibuild/mesos/slave");

    assertThatThrownBy(() -> start(buildAgent("alibuild05")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("A server named alibuild05 exists already in OpenStack project release-testing");
    assertThatThrownBy(() -> start(buildAgent("alibuild20")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("alibuild20.cern.ch exists already in Foreman");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesBadInputBeforeStarting() {
    Map<String, Object> badRole = buildAgent("alibuild13");
    badRole.put("role", "dragon");
    assertThatThrownBy(() -> start(badRole)).isInstanceOf(RequestRejected.class).hasMessageContaining("Unknown role 'dragon'");

    Map<String, Object> wrongProject = buildAgent("alibuild13");
    wrongProject.put("project", "cloud-tests");
    assertThatThrownBy(() -> start(wrongProject)).hasMessageContaining("belongs in project release-testing, not cloud-tests");

    Map<String, Object> badVolume = buildAgent("alibuild13");
    badVolume.put("volume", "vdb=1tb; rm -rf /");
    assertThatThrownBy(() -> start(badVolume)).hasMessageContaining("is not a volume like vdb=200GB");

    Map<String, Object> noFlavor = buildAgent("alibuild13");
    noFlavor.remove("flavor");
    assertThatThrownBy(() -> start(noFlavor)).hasMessageContaining("provision-vm needs 'flavor'");

    assertThatThrownBy(() -> start(buildAgent("alibuild13; reboot")))
        .hasMessageContaining("is not a valid name for an agent");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesToStartWithoutTheAlibuildPublicKey() {
    Mocks.reset();
    fixture = new CreateFixture("").register();

    assertThatThrownBy(() -> start(buildAgent("alibuild13")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("runbooks.create.keypair.public-key");
  }

  /** A caller cannot hand the provisioning someone else's Foreman host to adopt. */
  @Test
  void forgetsWhatACallerClaimsWasAlreadyMade() {
    Map<String, Object> request = buildAgent("alibuild13");
    request.put("foremanHostId", 41L);
    request.put("bootsRequested", 5);
    ProcessInstance instance = start(request);

    assertThat(runtimeService().getVariable(instance.getId(), "foremanHostId")).isNull();
    assertThat(runtimeService().getVariable(instance.getId(), "bootsRequested")).isNull();
  }

  @Test
  void aNameTakenAfterTheStartIsRefusedAtTheForemanStepAndTheOperatorMayGiveUp() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    runJob("service_task_ensure_keypair");
    fixture.foreman.existing("alibuild13", "alibuild/mesos/master");

    runJob("service_task_register_foreman_host");

    assertThat(instance).hasPassed("boundary_error_create_refused").isWaitingAt("user_task_provisioning_refused");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("exists already in Foreman");
    assertThat(fixture.foreman.registrations).isZero();
    complete(task(instance), withVariables("decision", "give-up", "investigationNotes", "someone was faster"));
    assertThat(instance).isEnded().hasPassed("end_event_provisioning_given_up").variables().containsEntry("provisioned", false);
  }

  /**
   * ai-bs only logs a Roger error. Here a refusal of the build state (after the boot) reaches an
   * operator at once, and the retry runs only the Roger step again, never the boot.
   */
  @Test
  void rogerRefusingTheBuildStateReachesAnOperatorAndTheRetryRunsOnlyTheRogerStep() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    when(fixture.roger.update(eq("alibuild13"), any()))
        .thenThrow(RogerFailures.refused(400, "appstate: \"build\" is not a valid choice."))
        .thenAnswer(call -> new MachineState("alibuild13", "build", false, false, false, false, null, null, null));

    fixture.runToBootRequested(true);

    assertThat(instance).hasPassed("boundary_error_roger_build_refused").hasNotPassed("boundary_error_create_refused")
        .isWaitingAt("user_task_roger_build_refused");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal"))
        .isEqualTo("Roger refused to set alibuild13 to build: Roger answered PUT /roger/v1/state/ with HTTP 400: "
            + "appstate: \"build\" is not a valid choice.");
    assertThat(managementService().createJobQuery().withException().count()).as("no retry was spent on the refusal").isZero();

    complete(task(instance), withVariables("decision", "retry", "investigationNotes", "Roger's choices were fixed"));
    runJob("service_task_set_roger_build");

    assertThat(instance).isWaitingAt("timer_wait_boot").hasPassed("end_event_created");
    assertThat(fixture.cloud.boots).as("one boot").hasSize(1);
    verify(fixture.roger, times(2)).update(eq("alibuild13"), any());
    assertThat(runtimeService().getVariable(instance.getId(), "stepRefusal")).isNull();
  }

  @Test
  void anOperatorMayGoOnWithoutRogersBuildStateAsAiBsDoes() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    when(fixture.roger.update(eq("alibuild13"), any())).thenThrow(RogerFailures.refused(403, "You do not have permission"));
    fixture.runToBootRequested(true);

    complete(task(instance), withVariables("decision", "go-on-without-roger", "investigationNotes", "Roger's admins will add the entry"));

    assertThat(instance).isWaitingAt("timer_wait_boot").hasPassed("end_event_created_without_roger").hasNotPassed("end_event_created");
    fixture.pollBoot("ACTIVE");
    assertThat(instance).isEnded().variables().containsEntry("provisioned", true);
  }

  /** Re-checked right before the boot: another master took the zone meanwhile. */
  @Test
  void aZoneTakenByAnotherMasterBeforeTheBootIsRefusedAndRetriedOnceFreed() {
    ProcessInstance instance = start(master("alimesos04", "cern-geneva-c"));
    runJob("service_task_ensure_keypair");
    runJob("service_task_register_foreman_host");
    runJob("service_task_stage_certificate");
    runJob("service_task_create_volume");
    fixture.cloud.volumes.keySet().forEach(id -> fixture.cloud.setVolumeStatus(id, "available"));
    runJob("timer_wait_volume");
    runJob("service_task_read_volume_status");
    fixture.cloud.existing("release-testing", "alimesos05", "cern-geneva-c");

    runJob("service_task_boot_server");

    assertThat(fixture.cloud.boots).isEmpty();
    assertThat(instance).isWaitingAt("user_task_provisioning_refused");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal"))
        .contains("Zone cern-geneva-c already has a master")
        .contains("alimesos05 in cern-geneva-c");

    fixture.cloud.deleteServer("release-testing", "id-alimesos05");
    complete(task(instance), withVariables("decision", "retry", "investigationNotes", "alimesos05 was a mistake, deleted"));
    fixture.runToBootRequested(true);
    assertThat(fixture.cloud.boots).singleElement().satisfies(b -> assertThat(b.availabilityZone()).isEqualTo("cern-geneva-c"));
  }

  @Test
  void refusesToDeleteAServerThisRunbookDidNotCreate() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");
    String serverId = (String) runtimeService().getVariable(instance.getId(), "serverId");
    fixture.cloud.servers.put(serverId, new FakeCloud.Server("release-testing",
        new org.alisw.runbooks.openstack.CloudServer(serverId, "alibuild13", "ERROR", "cern-geneva-a", Map.of("runbook-instance-id", "someone-else"), null)));

    complete(task(instance), withVariables("decision", "delete-and-retry", "investigationNotes", "retry"));
    runJob("service_task_delete_failed_server");

    assertThat(fixture.cloud.deleted).isEmpty();
    assertThat(instance).hasPassed("boundary_error_delete_refused").isWaitingAt("user_task_provisioning_refused");
  }

  @Test
  void theBootDecisionMustBeOneOfTheOffered() {
    ProcessInstance instance = start(buildAgent("alibuild13"));
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");

    assertThatThrownBy(() -> complete(task(instance), withVariables("decision", "burn-it", "investigationNotes", "x")))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("must be one of [delete-and-retry, keep-for-inspection, delete-everything]");
  }

  /** Walks the clean-up sub-process: server (and its wait when there was one), volume, Certmgr, Foreman, Roger. */
  private void runCleanUp(boolean serverToDelete) {
    runJob("service_task_clean_delete_server");
    if (serverToDelete) {
      runJob("timer_clean_wait_server");
      runJob("service_task_clean_read_server");
    }
    runJob("service_task_clean_read_volume");
    runJob("service_task_clean_delete_volume");
    runJob("service_task_clean_unstage_certificate");
    runJob("service_task_clean_delete_foreman_host");
    runJob("service_task_clean_disable_roger");
  }

  private static void later(Duration by) {
    ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(by)));
  }

  static Map<String, Object> buildAgent(String hostname) {
    Map<String, Object> v = new HashMap<>();
    v.put("hostname", hostname);
    v.put("project", "release-testing");
    v.put("role", "agent");
    v.put("purpose", "build");
    v.put("hostgroup", "alibuild/mesos/slave");
    v.put("environment", "production");
    v.put("flavor", "m2.2xlarge");
    v.put("volume", "vdb=500GB:type=io1");
    return v;
  }

  static Map<String, Object> master(String hostname, String zone) {
    Map<String, Object> v = new HashMap<>();
    v.put("hostname", hostname);
    v.put("project", "release-testing");
    v.put("role", "master");
    v.put("zone", zone);
    v.put("hostgroup", "alibuild/mesos/master");
    v.put("environment", "alibuild_devel");
    v.put("flavor", "m2.large");
    v.put("volume", "vdb=200GB");
    return v;
  }

  private static ProcessInstance start(Map<String, Object> variables) {
    return runtimeService().startProcessInstanceByKey("provision-vm", variables);
  }
}
