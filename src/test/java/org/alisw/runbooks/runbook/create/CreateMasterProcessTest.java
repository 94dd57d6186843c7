package org.alisw.runbooks.runbook.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;

import java.util.Map;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walks {@code create-master} through the real provision-vm, with verify-host and verify-master stubbed. */
@Deployment(
    resources = {
      "create-master.bpmn",
      "provision-vm.bpmn",
      "forms/create-master-start.form",
      "forms/provision-vm-boot-failed.form",
      "forms/provision-vm-refused.form",
      "forms/provision-vm-roger-refused.form",
      "stubs/cr-verify-host-stub.bpmn",
      "stubs/cr-verify-master-stub.bpmn"
    })
class CreateMasterProcessTest {

  @RegisterExtension static final ProcessEngineExtension ENGINE = CreateFixture.engine();

  private CreateFixture fixture;
  private CalledStub verifyHost;
  private CalledStub verifyMaster;

  @BeforeEach
  void registerBeans() {
    fixture = new CreateFixture().register();
    verifyHost = new CalledStub().answering("hostVerified", true).answering("puppetAttemptsUsed", 1).answering("puppetExitCode", 0);
    verifyMaster = new CalledStub().answering("masterVerified", true).answering("checkReport", "{\"containers\":\"ok\"}");
    Mocks.register("verifyHostStub", verifyHost);
    Mocks.register("verifyMasterStub", verifyMaster);
    identityService().setAuthenticatedUserId("operator1");
    fixture.cloud.existing("release-testing", "alimesos01", "cern-geneva-a");
    fixture.cloud.existing("release-testing", "alimesos02", "cern-geneva-b");
    fixture.cloud.existing("release-testing", "alibuild03", "cern-geneva-c");
  }

  @AfterEach
  void reset() {
    identityService().clearAuthentication();
    Mocks.reset();
  }

  @Test
  void createsAMasterInTheFreeZoneAndRunsTheMasterChecklist() {
    ProcessInstance instance = start("alimesos04", "cern-geneva-c");

    assertThat(instance).variables()
        .containsEntry("zone", "cern-geneva-c")
        .containsEntry("hostgroup", "alibuild/mesos/master")
        .containsEntry("environment", "alibuild_devel")
        .containsEntry("flavor", "m2.large")
        .containsEntry("volume", "vdb=200GB")
        .containsEntry("project", "release-testing");
    fixture.runToBootRequested(true);
    fixture.pollBoot("ACTIVE");
    CreateFixture.runJob("call_activity_verify_host");
    CreateFixture.runJob("call_activity_verify_master");

    assertThat(fixture.cloud.boots.get(0).availabilityZone()).isEqualTo("cern-geneva-c");
    assertThat(fixture.cloud.boots.get(0).image()).isNull();
    assertThat(verifyHost.received).containsEntry("hostname", "alimesos04").containsEntry("hostKeyChange", "new");
    assertThat(verifyMaster.received).containsEntry("hostname", "alimesos04");
    assertThat(instance).isEnded().hasPassed("end_event_master_created")
        .variables().containsEntry("masterVerified", true).containsEntry("checkReport", "{\"containers\":\"ok\"}");
  }

  @Test
  void refusesAZoneInUseNamingTheZonesInUse() {
    assertThatThrownBy(() -> start("alimesos04", "cern-geneva-a"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Zone cern-geneva-a already has a master")
        .hasMessageContaining("alimesos01 in cern-geneva-a, alimesos02 in cern-geneva-b")
        .hasMessageContaining("free: [cern-geneva-c]");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesAZoneThatIsNotAMastersZoneAndAMissingOne() {
    assertThatThrownBy(() -> start("alimesos04", "cern-meyrin-x"))
        .hasMessageContaining("'cern-meyrin-x' is not a zone for masters: use one of [cern-geneva-a, cern-geneva-b, cern-geneva-c]");
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey("create-master", Map.of("hostname", "alimesos04")))
        .hasMessageContaining("An availability zone for the master is required");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesANameWithoutTheMasterPrefixOrOneThatExists() {
    assertThatThrownBy(() -> start("alibuild40", "cern-geneva-c"))
        .hasMessageContaining("'alibuild40' is not a valid name for a master: it must match alimesos[0-9]{2}");
    fixture.foreman.existing("alimesos05", "alibuild/mesos/master");
    assertThatThrownBy(() -> start("alimesos05", "cern-geneva-c")).hasMessageContaining("exists already in Foreman");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  /**
   * verify-master ends the runbook and checks only configured masters: a name that is not one is
   * refused before anything is created, not left to fail after the boot.
   */
  @Test
  void refusesAMasterThatIsNotConfiguredBeforeStarting() {
    assertThatThrownBy(() -> start("alimesos06", "cern-geneva-c"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("alimesos06 is not one of the configured Mesos masters [alimesos01, alimesos02, alimesos03, alimesos04, alimesos05]")
        .hasMessageContaining("runbooks.mesos.masters");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    assertThat(fixture.cloud.boots).isEmpty();
  }

  /** The zone of the master the runbook replaces is free once that master is deleted. */
  @Test
  void aZoneFreedByADeletedMasterMayBeUsed() {
    fixture.cloud.deleteServer("release-testing", "id-alimesos01");

    ProcessInstance instance = start("alimesos01", "cern-geneva-a");

    assertThat(instance).variables().containsEntry("zone", "cern-geneva-a");
  }

  @Test
  void aMasterFailingTheChecklistEndsAsNotVerified() {
    verifyMaster.answering("masterVerified", false);
    ProcessInstance instance = start("alimesos04", "cern-geneva-c");
    fixture.runToBootRequested(true);
    fixture.pollBoot("ACTIVE");
    CreateFixture.runJob("call_activity_verify_host");
    CreateFixture.runJob("call_activity_verify_master");

    assertThat(instance).isEnded().hasPassed("end_event_master_not_verified");
  }

  @Test
  void aHostFailingVerificationSkipsTheMasterChecklist() {
    verifyHost.answering("hostVerified", false);
    ProcessInstance instance = start("alimesos04", "cern-geneva-c");
    fixture.runToBootRequested(true);
    fixture.pollBoot("ACTIVE");
    CreateFixture.runJob("call_activity_verify_host");

    assertThat(instance).isEnded().hasPassed("end_event_master_host_not_verified");
    assertThat(verifyMaster.calls).isZero();
  }

  @Test
  void aMasterThatWasNotProvisionedIsNotVerified() {
    ProcessInstance instance = start("alimesos04", "cern-geneva-c");
    CreateFixture.runJob("service_task_ensure_keypair");
    fixture.foreman.existing("alimesos04", "alibuild/mesos/master");
    CreateFixture.runJob("service_task_register_foreman_host");
    String task = org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService().createTaskQuery().singleResult().getId();

    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService()
        .complete(task, Map.of("decision", "give-up", "investigationNotes", "name taken"));

    assertThat(instance).isEnded().hasPassed("end_event_master_not_provisioned");
    assertThat(verifyHost.calls).isZero();
  }

  private static ProcessInstance start(String hostname, String zone) {
    return runtimeService()
        .startProcessInstanceByKey("create-master", "create " + hostname, Map.of("hostname", hostname, "zone", zone));
  }
}
