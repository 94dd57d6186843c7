package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.create.CreateFixture.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;
import org.alisw.runbooks.roger.AppState;
import org.alisw.runbooks.roger.MachineState;
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

/** Walks {@code create-agent} through the real provision-vm, with verify-host stubbed. */
@Deployment(
    resources = {
      "create-agent.bpmn",
      "provision-vm.bpmn",
      "forms/create-agent-start.form",
      "forms/create-agent-roger-refused.form",
      "forms/provision-vm-boot-failed.form",
      "forms/provision-vm-refused.form",
      "forms/provision-vm-roger-refused.form",
      "stubs/cr-verify-host-stub.bpmn"
    })
class CreateAgentProcessTest {

  @RegisterExtension static final ProcessEngineExtension ENGINE = CreateFixture.engine();

  private CreateFixture fixture;
  private CalledStub verifyHost;

  @BeforeEach
  void registerBeans() {
    fixture = new CreateFixture().register();
    verifyHost = new CalledStub().answering("hostVerified", true).answering("puppetAttemptsUsed", 3).answering("puppetExitCode", 2);
    Mocks.register("verifyHostStub", verifyHost);
    identityService().setAuthenticatedUserId("operator1");
  }

  @AfterEach
  void reset() {
    identityService().clearAuthentication();
    Mocks.reset();
  }

  @Test
  void createsABuildMachineVerifiesItPullsTheBuilderImageAndPutsItInProduction() {
    ProcessInstance instance = start("alibuild13", "build");

    assertThat(instance).variables()
        .containsEntry("project", "release-testing")
        .containsEntry("hostgroup", "alibuild/mesos/slave")
        .containsEntry("environment", "production")
        .containsEntry("flavor", "m2.2xlarge")
        .containsEntry("volume", "vdb=500GB:type=io1")
        .containsEntry("initiator", "operator1");
    fixture.runToBootRequested(true);
    fixture.pollBoot("ACTIVE");
    runJob("call_activity_verify_host");

    assertThat(verifyHost.calls).isOne();
    assertThat(verifyHost.received)
        .containsEntry("hostname", "alibuild13")
        .containsEntry("project", "release-testing")
        .containsEntry("serverId", "srv-2")
        .containsEntry("hostKeyChange", "new")
        .containsEntry("initiator", "operator1");
    assertThat(verifyHost.businessKey).isEqualTo("create alibuild13");
    assertThat(instance).isWaitingAt("service_task_pull_builder_image")
        .variables().containsEntry("serverId", "srv-2").containsEntry("volumeId", "vol-1").containsEntry("puppetAttemptsUsed", 3);

    runJob("service_task_pull_builder_image");
    verify(fixture.docker).pullImage("alibuild13", "alisw/slc7-builder");
    runJob("service_task_set_roger_production");

    ArgumentCaptor<MachineStateUpdate> updates = ArgumentCaptor.forClass(MachineStateUpdate.class);
    verify(fixture.roger, times(2)).update(eq("alibuild13"), updates.capture());
    assertThat(updates.getAllValues()).extracting(MachineStateUpdate::appstate).containsExactly(AppState.BUILD, AppState.PRODUCTION);
    assertThat(updates.getAllValues().get(1).ncAlarmed()).isTrue();
    assertThat(instance).isEnded().hasPassed("end_event_agent_created");
  }

  @Test
  void createsAReleaseValidationMachineInCloudTestsWithoutAVolume() {
    ProcessInstance instance = start("alibuild14", "release-validation");

    assertThat(instance).variables().containsEntry("project", "cloud-tests").containsEntry("volume", null);
    fixture.runToBootRequested(false);
    fixture.pollBoot("ACTIVE");
    runJob("call_activity_verify_host");
    runJob("service_task_pull_builder_image");
    runJob("service_task_set_roger_production");

    assertThat(instance).isEnded().hasPassed("end_event_agent_created");
    assertThat(fixture.cloud.volumes).isEmpty();
    assertThat(fixture.cloud.findServer("cloud-tests", "alibuild14")).isPresent();
  }

  /** What the start form sends besides name and purpose is replaced by the guide's settings. */
  @Test
  void theGuidesSettingsWinOverWhateverTheStartSends() {
    Map<String, Object> request = new HashMap<>(Map.of("hostname", "alibuild13", "purpose", "release-validation"));
    request.put("flavor", "m2.small");
    request.put("hostgroup", "alibuild/mesos/master");
    request.put("volume", "vdb=5000GB");
    request.put("project", "release-testing");
    ProcessInstance instance = runtimeService().startProcessInstanceByKey("create-agent", request);

    assertThat(instance).variables()
        .containsEntry("flavor", "m2.2xlarge")
        .containsEntry("hostgroup", "alibuild/mesos/slave")
        .containsEntry("volume", null)
        .containsEntry("project", "cloud-tests");
  }

  @Test
  void refusesANameBreakingTheNamingRuleBeforeStarting() {
    assertThatThrownBy(() -> start("alimesos13", "build"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("'alimesos13' is not a valid name for an agent: it must match alibuild[0-9]{2,}");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesAnUnknownOrMissingPurposeBeforeStarting() {
    assertThatThrownBy(() -> start("alibuild13", "mining"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Unknown purpose 'mining': use one of [build, release-validation]");
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey("create-agent", Map.of("hostname", "alibuild13")))
        .hasMessageContaining("A purpose is required");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesANameThatExistsInThePurposesProjectOrInForeman() {
    fixture.cloud.existing("cloud-tests", "alibuild21", "cern-geneva-a");
    fixture.foreman.existing("alibuild22", "alibuild/mesos/slave");

    assertThatThrownBy(() -> start("alibuild21", "release-validation"))
        .hasMessageContaining("A server named alibuild21 exists already in OpenStack project cloud-tests");
    assertThatThrownBy(() -> start("alibuild22", "build"))
        .hasMessageContaining("alibuild22.cern.ch exists already in Foreman");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    assertThat(fixture.foreman.registrations).isZero();
  }

  @Test
  void anAgentKeptForInspectionIsNeitherVerifiedNorPutInProduction() {
    ProcessInstance instance = start("alibuild13", "build");
    fixture.runToBootRequested(true);
    fixture.pollBoot("ERROR");
    String task = taskService().createTaskQuery().taskDefinitionKey("user_task_boot_failed").singleResult().getId();

    taskService().complete(task, Map.of("decision", "keep-for-inspection", "investigationNotes", "look at the hypervisor"));

    assertThat(instance).isEnded().hasPassed("end_event_agent_not_provisioned");
    assertThat(verifyHost.calls).isZero();
    verify(fixture.docker, never()).pullImage(anyString(), anyString());
  }

  @Test
  void anAgentThatFailsVerificationGetsNoBuilderImageAndStaysOutOfProduction() {
    verifyHost.answering("hostVerified", false);
    ProcessInstance instance = start("alibuild13", "build");
    fixture.runToBootRequested(true);
    fixture.pollBoot("ACTIVE");
    runJob("call_activity_verify_host");

    assertThat(instance).isEnded().hasPassed("end_event_agent_not_verified");
    verify(fixture.docker, never()).pullImage(anyString(), anyString());
    verify(fixture.roger, never()).update(anyString(), argThat(u -> u.appstate() == AppState.PRODUCTION));
  }

  /** The name is re-checked right before the boot: someone took it in Nova meanwhile. */
  @Test
  void aNameTakenInNovaAfterTheStartStopsTheBootAndReachesAnOperator() {
    start("alibuild13", "build");
    runJob("service_task_ensure_keypair");
    runJob("service_task_register_foreman_host");
    runJob("service_task_stage_certificate");
    runJob("service_task_create_volume");
    fixture.cloud.volumes.keySet().forEach(id -> fixture.cloud.setVolumeStatus(id, "available"));
    runJob("timer_wait_volume");
    runJob("service_task_read_volume_status");
    fixture.cloud.existing("release-testing", "alibuild13", "cern-geneva-b");

    runJob("service_task_boot_server");

    assertThat(fixture.cloud.boots).isEmpty();
    String refusal = (String) runtimeService().createVariableInstanceQuery().variableName("stepRefusal").singleResult().getValue();
    assertThat(refusal).contains("A server named alibuild13 exists already");
    assertThat(taskService().createTaskQuery().taskDefinitionKey("user_task_provisioning_refused").count()).isOne();
  }

  /** A Roger refusal cannot be cured by the retry cycle: it reaches an operator at once, and a retry after the fix ends the runbook. */
  @Test
  void rogerRefusingProductionReachesAnOperatorAndARetryAfterTheFixPutsTheAgentInProduction() {
    ProcessInstance instance = verifiedAgentWithImage("alibuild13");
    refuseProductionOnce();

    runJob("service_task_set_roger_production");

    assertThat(instance).isWaitingAt("user_task_roger_refused");
    assertThat(instance).variables().containsEntry("stepRefusal",
        "Roger refused to set alibuild13 to production: Roger answered PUT /roger/v1/state/ with HTTP 403: You do not have permission");
    assertThat(managementService().createJobQuery().withException().count()).as("no retry was spent on the refusal").isZero();
    String task = taskService().createTaskQuery().taskDefinitionKey("user_task_roger_refused").singleResult().getId();
    assertThat(taskService().getVariable(task, "taskStory")).asString()
        .contains("Roger refused to put the verified agent in production")
        .contains("Purpose build, project release-testing")
        .contains("Verified: puppet ran clean after 3 attempt(s)")
        .contains("docker pull alisw/slc7-builder done");

    taskService().complete(task, Map.of("decision", "retry", "investigationNotes", "granted the account the right in Roger"));
    runJob("service_task_set_roger_production");

    assertThat(instance).isEnded().hasPassed("end_event_agent_created").hasNotPassed("end_event_agent_out_of_production");
    assertThat(historyService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).variableName("stepRefusal").count())
        .as("the refusal is cleared once the step succeeds").isZero();
  }

  @Test
  void anOperatorMayLeaveTheAgentOutOfProductionWhenRogerRefuses() {
    ProcessInstance instance = verifiedAgentWithImage("alibuild13");
    refuseProductionOnce();
    runJob("service_task_set_roger_production");
    String task = taskService().createTaskQuery().taskDefinitionKey("user_task_roger_refused").singleResult().getId();

    taskService().complete(task, Map.of("decision", "leave-out-of-production", "investigationNotes", "hardware to be checked first"));

    assertThat(instance).isEnded().hasPassed("end_event_agent_out_of_production").hasNotPassed("end_event_agent_created");
    verify(fixture.roger, times(1))
        .update(eq("alibuild13"), argThat(u -> u.appstate() == AppState.PRODUCTION));
  }

  /** Roger not answering is an outage, not a refusal: the job fails for the engine's retry cycle and no task is created. */
  @Test
  void rogerNotAnsweringIsRetriedByTheEngineNotHandedToAnOperator() {
    ProcessInstance instance = verifiedAgentWithImage("alibuild13");
    when(fixture.roger.update(eq("alibuild13"), argThat(u -> u.appstate() == AppState.PRODUCTION)))
        .thenThrow(RogerFailures.unavailable(503));

    assertThatThrownBy(() -> runJob("service_task_set_roger_production")).hasMessageContaining("HTTP 503");

    assertThat(instance).isWaitingAt("service_task_set_roger_production");
    assertThat(taskService().createTaskQuery().taskDefinitionKey("user_task_roger_refused").count()).isZero();
  }

  private ProcessInstance verifiedAgentWithImage(String hostname) {
    ProcessInstance instance = start(hostname, "build");
    fixture.runToBootRequested(true);
    fixture.pollBoot("ACTIVE");
    runJob("call_activity_verify_host");
    runJob("service_task_pull_builder_image");
    assertThat(instance).isWaitingAt("service_task_set_roger_production");
    return instance;
  }

  /** Roger says 403 to the first production change, then accepts (the operator fixed the account). */
  private void refuseProductionOnce() {
    when(fixture.roger.update(eq("alibuild13"), argThat(u -> u.appstate() == AppState.PRODUCTION)))
        .thenThrow(RogerFailures.refused(403, "You do not have permission"))
        .thenAnswer(call -> new MachineState("alibuild13", "production", true, true, true, true, null, null, null));
  }

  private static ProcessInstance start(String hostname, String purpose) {
    return runtimeService()
        .startProcessInstanceByKey("create-agent", "create " + hostname, Map.of("hostname", hostname, "purpose", purpose));
  }
}
