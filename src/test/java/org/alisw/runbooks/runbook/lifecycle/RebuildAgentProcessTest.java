package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.PROJECT;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.runJob;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.mesos.AgentTasks;
import org.alisw.runbooks.mesos.MesosTask;
import org.alisw.runbooks.openstack.CloudImage;
import org.alisw.runbooks.openstack.RebuildRequest;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.ProtectedHosts;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walks {@code rebuild-agent} with the real rebuild-vm, a verify-host stub, and the ports mocked. */
@Deployment(
    resources = {
      "rebuild-agent.bpmn",
      "rebuild-vm.bpmn",
      "stubs/lc-verify-host-stub.bpmn",
      "forms/rebuild-agent-start.form",
      "forms/rebuild-agent-discuss.form",
      "forms/rebuild-agent-review-tasks.form",
      "forms/rebuild-agent-confirm-important-tasks.form",
      "forms/rebuild-agent-approve.form",
      "forms/rebuild-agent-investigate.form",
      "forms/rebuild-vm-investigate.form"
    })
class RebuildAgentProcessTest {

  @RegisterExtension
  static final ProcessEngineExtension ENGINE = LifecycleFixture.engine();

  private final LifecycleFixture fixture = new LifecycleFixture();

  @BeforeEach
  void register() {
    fixture.register();
    registerAgentBeans(fixture.checks);
    Mocks.register("stubHostVerified", true);
    serverIs("alibuild07", "ACTIVE");
    serverIs("alibuild08", "ACTIVE");
    when(fixture.cloud.latestImage(PROJECT, null)).thenReturn(Optional.of(new CloudImage("img-new", "CC7 - x86_64 [2026-11-01]", "active", null)));
    tasksOn("alibuild07", mesosTask("monitoring_node-exporter", "marathon", false));
    tasksOn("alibuild08", mesosTask("monitoring_node-exporter", "marathon", false));
  }

  private void registerAgentBeans(LifecycleChecks checks) {
    Mocks.register("rebuildAgentRequest", new RebuildAgentRequest(fixture.cloud::findServer, checks));
    Mocks.register("listAgentTasks", new ListAgentTasksDelegate(fixture.cluster, checks));
    Mocks.register("freezeRebuildPlan", new FreezeRebuildPlanDelegate(fixture.cloud, checks));
    Mocks.register("checkRebuildPlan", new CheckRebuildPlanDelegate(fixture.cloud, checks));
    Mocks.register("rebuildVmRequest", new RebuildVmRequest(checks));
    Mocks.register("stageRebuildCertificate", new StageCertificateDelegate(fixture.certmgr, checks));
    Mocks.register("rebuildServer", new RebuildServerDelegate(fixture.cloud, checks));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    identityService().clearAuthentication();
  }

  @Test
  void followsTheGuideToARebuiltAndVerifiedAgent() {
    ProcessInstance instance = waitingForApproval("alibuild07");
    assertThat(instance).variables().containsEntry("serverId", "id-alibuild07").containsEntry("image", "img-new");
    String plan = (String) runtimeService().getVariable(instance.getId(), "plan");
    assertThat(plan).contains("\"hostname\" : \"alibuild07\"", "img-new", "ai-rebuild-vm -i img-new alibuild07", "monitoring_node-exporter");

    approveAs("operator2", instance);
    runJob(instance, "service_task_check_approved_plan");
    runJob(instance, "call_activity_rebuild_vm");
    rebuildVmRuns(instance);
    runJob(instance, "call_activity_verify_host");

    verify(fixture.cloud).rebuildServer(PROJECT, "id-alibuild07", "img-new", new RebuildRequest(calledInstanceId(instance, "rebuild-vm"), 1));
    assertThat(instance).isEnded().hasPassed("end_event_agent_rebuilt");
    assertThat(instance).variables().containsEntry("rebuilt", true).containsEntry("hostVerified", true).containsEntry("approver", "operator2");
    assertThat(historyService().createHistoricVariableInstanceQuery().variableName("hostKeyChange").singleResult().getValue()).isEqualTo("rebuilt");
  }

  @Test
  void refusesAlibuild03AndAlibuild09BeforeAnythingStarts() {
    for (String host : List.of("alibuild09", "alibuild03", "ALIBUILD09")) {
      assertThatThrownBy(() -> start(host.toLowerCase())).isInstanceOf(RequestRejected.class).hasMessageContaining("Never rebuild");
    }
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    verify(fixture.cloud, never()).findServer(anyString(), anyString());
  }

  @Test
  void refusesARequestWithoutAReasonOrInAnUnknownProject() {
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey("rebuild-agent", Map.of("hostname", "alibuild07")))
        .hasMessageContaining("Say why");
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey("rebuild-agent", Map.of("hostname", "alibuild07", "reason", "x", "project", "ALICE Secret")))
        .hasMessageContaining("Unknown OpenStack project");
  }

  @Test
  void aDiscussionThatSaysNoEndsTheRunbook() {
    ProcessInstance instance = start("alibuild07");
    assertThatThrownBy(() -> taskService().complete(task(instance).getId(), Map.of("discussionOutcome", "go")))
        .hasMessageContaining("needs variable 'discussionNotes'");
    taskService().complete(task(instance).getId(), Map.of("discussionOutcome", "no-go", "discussionNotes", "release build tonight"));
    assertThat(instance).isEnded().hasPassed("end_event_not_agreed");
  }

  @Test
  void importantTasksNeedAnExplicitConfirmation() {
    tasksOn("alibuild07", mesosTask("jenkins-alibuild-o2-pr-checker", "Jenkins Scheduler", true), mesosTask("monitoring_node-exporter", "marathon", false));
    ProcessInstance instance = agreed("alibuild07");
    runJob(instance, "service_task_list_agent_tasks");

    assertThat(instance).isWaitingAt("user_task_confirm_important_tasks");
    assertThat((String) runtimeService().getVariable(instance.getId(), "importantTasks")).contains("jenkins-alibuild-o2-pr-checker").doesNotContain("node-exporter");
    String taskId = task(instance).getId();
    assertThatThrownBy(() -> taskService().complete(taskId, Map.of("tasksDecision", "proceed", "tasksNotes", "x")))
        .hasMessageContaining("must be one of [interrupt-important-tasks, stop]");
    assertThatThrownBy(() -> taskService().complete(taskId, Map.of("tasksDecision", "interrupt-important-tasks")))
        .hasMessageContaining("needs variable 'tasksNotes'");

    taskService().complete(taskId, Map.of("tasksDecision", "interrupt-important-tasks", "tasksNotes", "asked the release manager: PR checks only"));
    assertThat(instance).isWaitingAt("service_task_freeze_plan");
    runJob(instance, "service_task_freeze_plan");
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan")).contains("jenkins-alibuild-o2-pr-checker");
  }

  @Test
  void stoppingAtTheTaskReviewEndsTheRunbook() {
    ProcessInstance instance = agreed("alibuild07");
    runJob(instance, "service_task_list_agent_tasks");
    assertThat(instance).isWaitingAt("user_task_review_agent_tasks");
    taskService().complete(task(instance).getId(), Map.of("tasksDecision", "stop"));
    assertThat(instance).isEnded().hasPassed("end_event_stopped_for_tasks");
  }

  @Test
  void theRequesterCannotApproveHisOwnRebuild() {
    ProcessInstance instance = waitingForApproval("alibuild07");
    assertThatThrownBy(() -> approveAs("operator1", instance)).hasMessageContaining("Four-eyes");
    assertThatThrownBy(() -> taskService().claim(task(instance).getId(), "operator1")).hasMessageContaining("Four-eyes");
    assertThat(instance).isWaitingAt("user_task_approve_rebuild");
  }

  @Test
  void aRejectedPlanEndsTheRunbookWithoutRebuilding() {
    ProcessInstance instance = waitingForApproval("alibuild07");
    identityService().setAuthenticatedUserId("operator2");
    taskService().complete(task(instance).getId(), Map.of("approvalDecision", "reject", "approvalNotes", "not during the release"));
    assertThat(instance).isEnded().hasPassed("end_event_rebuild_rejected");
    verify(fixture.cloud, never()).rebuildServer(anyString(), anyString(), any(), any());
  }

  /** Issue 11: the approval covers the plan it showed; a changed input sends the runbook back to approval. */
  @Test
  void aHostnameChangedAfterTheApprovalIsNotRebuiltUntilApprovedAgain() {
    ProcessInstance instance = waitingForApproval("alibuild07");
    approveAs("operator2", instance);

    runtimeService().setVariable(instance.getId(), "hostname", "alibuild08");
    runJob(instance, "service_task_check_approved_plan");

    assertThat(instance).hasPassed("boundary_error_check_approval_void").isWaitingAt("service_task_freeze_plan");
    assertThat((String) runtimeService().getVariable(instance.getId(), "approvalVoid")).contains("'hostname' is 'alibuild08'");
    runJob(instance, "service_task_freeze_plan");
    assertThat(instance).isWaitingAt("user_task_approve_rebuild").variables().containsEntry("serverId", "id-alibuild08");
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan")).contains("\"hostname\" : \"alibuild08\"");
    verify(fixture.cloud, never()).rebuildServer(anyString(), anyString(), any(), any());

    approveAs("operator2", instance);
    runJob(instance, "service_task_check_approved_plan");
    runJob(instance, "call_activity_rebuild_vm");
    runJob(instance, "service_task_require_foreman_host");
    runJob(instance, "service_task_stage_certificate");
    runJob(instance, "service_task_rebuild_server");
    verify(fixture.cloud).rebuildServer(anyString(), org.mockito.ArgumentMatchers.eq("id-alibuild08"), any(), any());
  }

  /** The same check inside rebuild-vm: its APPROVAL_VOID reaches the call activity's boundary. */
  @Test
  void aChangeInsideRebuildVmSendsTheCallerBackToApproval() {
    ProcessInstance instance = waitingForApproval("alibuild07");
    approveAs("operator2", instance);
    runJob(instance, "service_task_check_approved_plan");
    runJob(instance, "call_activity_rebuild_vm");

    runtimeService().setVariable(calledInstanceId(instance, "rebuild-vm"), "image", "img-other");
    runJob(instance, "service_task_require_foreman_host");

    assertThat(instance).hasPassed("boundary_error_rebuild_approval_void").isWaitingAt("service_task_freeze_plan");
    assertThat((String) runtimeService().getVariable(instance.getId(), "approvalVoid")).contains("'image' is 'img-other'");
    verify(fixture.foreman, never()).requireHost(anyString());
  }

  /** Protected after the approval (configuration changed): refused right before the rebuild. */
  @Test
  void aHostProtectedAfterTheApprovalIsNotRebuilt() {
    ProcessInstance instance = waitingForApproval("alibuild07");
    approveAs("operator2", instance);
    runJob(instance, "service_task_check_approved_plan");
    runJob(instance, "call_activity_rebuild_vm");
    runJob(instance, "service_task_require_foreman_host");
    registerAgentBeans(new LifecycleChecks(new HostNamePolicy(java.util.regex.Pattern.compile("[a-z0-9]+")),
        new ProtectedHosts(List.of("alibuild03", "alibuild07", "alibuild09"), List.of(), List.of()), PROJECT, java.util.Set.of(PROJECT), "cc7"));

    runJob(instance, "service_task_stage_certificate");

    assertThat((String) historyService().createHistoricVariableInstanceQuery().variableName("stepRefusal").singleResult().getValue())
        .contains("Never rebuild alibuild07");
    verify(fixture.certmgr, never()).stage(anyString());
    verify(fixture.cloud, never()).rebuildServer(anyString(), anyString(), any(), any());
  }

  @Test
  void aRebuildGivenUpOrAHostNotVerifiedEndsAccordingly() {
    Mocks.register("stubHostVerified", false);
    ProcessInstance instance = waitingForApproval("alibuild07");
    approveAs("operator2", instance);
    runJob(instance, "service_task_check_approved_plan");
    runJob(instance, "call_activity_rebuild_vm");
    rebuildVmRuns(instance);
    runJob(instance, "call_activity_verify_host");
    assertThat(instance).isEnded().hasPassed("end_event_agent_not_verified");
  }

  private void rebuildVmRuns(ProcessInstance instance) {
    runJob(instance, "service_task_require_foreman_host");
    runJob(instance, "service_task_stage_certificate");
    runJob(instance, "service_task_rebuild_server");
    runJob(instance, "service_task_set_roger_build");
    runJob(instance, "timer_wait_rebuilt");
    runJob(instance, "service_task_read_rebuild_status");
  }

  private static String calledInstanceId(ProcessInstance caller, String key) {
    return historyService().createHistoricProcessInstanceQuery().superProcessInstanceId(caller.getId()).processDefinitionKey(key)
        .singleResult().getId();
  }

  private ProcessInstance waitingForApproval(String hostname) {
    ProcessInstance instance = agreed(hostname);
    runJob(instance, "service_task_list_agent_tasks");
    taskService().complete(task(instance).getId(), Map.of("tasksDecision", "proceed"));
    runJob(instance, "service_task_freeze_plan");
    assertThat(instance).isWaitingAt("user_task_approve_rebuild");
    return instance;
  }

  private ProcessInstance agreed(String hostname) {
    ProcessInstance instance = start(hostname);
    taskService().complete(task(instance).getId(), Map.of("discussionOutcome", "go", "discussionNotes", "agreed with the team in the meeting"));
    return instance;
  }

  private static ProcessInstance start(String hostname) {
    identityService().setAuthenticatedUserId("operator1");
    return runtimeService().startProcessInstanceByKey("rebuild-agent", Map.of("hostname", hostname, "reason", "broken docker installation"));
  }

  private static void approveAs(String user, ProcessInstance instance) {
    identityService().setAuthenticatedUserId(user);
    taskService().complete(task(instance).getId(), Map.of("approvalDecision", "approve", "approvalNotes", "plan checked"));
  }

  private void serverIs(String name, String status) {
    when(fixture.cloud.findServer(PROJECT, name)).thenReturn(Optional.of(server(name, status)));
    when(fixture.cloud.server(PROJECT, "id-" + name)).thenReturn(Optional.of(server(name, status)));
  }

  private void tasksOn(String host, MesosTask... tasks) {
    when(fixture.cluster.tasksOn(host)).thenReturn(new AgentTasks(host, "agent-" + host, List.of(tasks)));
  }

  private static MesosTask mesosTask(String name, String framework, boolean important) {
    return new MesosTask(name + ".1", name, "TASK_RUNNING", "fw-" + framework, framework, important);
  }
}
