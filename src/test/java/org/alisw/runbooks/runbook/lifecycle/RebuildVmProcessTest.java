package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.PROJECT;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.runJob;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.openstack.RebuildRequest;
import org.alisw.runbooks.roger.AppState;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/** Walks {@code rebuild-vm} with every port mocked, as its callers start it. */
@Deployment(resources = {"rebuild-vm.bpmn", "forms/rebuild-vm-investigate.form"})
class RebuildVmProcessTest {

  @RegisterExtension
  static final ProcessEngineExtension ENGINE = LifecycleFixture.engine();

  private final LifecycleFixture fixture = new LifecycleFixture();

  @BeforeEach
  void register() {
    fixture.register();
    serverIs("ACTIVE");
  }

  @AfterEach
  void reset() {
    Mocks.reset();
  }

  @Test
  void rebuildsAsAiRebuildVmDoesThenWaitsForActive() {
    ProcessInstance instance = start("alibuild07");

    runJob(instance, "service_task_require_foreman_host");
    runJob(instance, "service_task_stage_certificate");
    runJob(instance, "service_task_rebuild_server");
    runJob(instance, "service_task_set_roger_build");
    InOrder order = inOrder(fixture.foreman, fixture.certmgr, fixture.cloud, fixture.roger);
    order.verify(fixture.foreman).requireHost("alibuild07");
    order.verify(fixture.certmgr).stage("alibuild07");
    order.verify(fixture.cloud).rebuildServer(PROJECT, "id-alibuild07", "img-new", new RebuildRequest(instance.getId(), 1));
    order.verify(fixture.roger).update(eq("alibuild07"),
        argThat(u -> u.appstate() == AppState.BUILD && Boolean.FALSE.equals(u.ncAlarmed()) && Boolean.FALSE.equals(u.appAlarmed())));

    serverIs("REBUILD");
    poll(instance);
    assertThat(instance).isWaitingAt("timer_wait_rebuilt").variables().containsEntry("rebuilt", false);
    serverIs("ACTIVE");
    poll(instance);

    assertThat(instance).isEnded().hasPassed("end_event_rebuilt");
    assertThat(instance).variables().containsEntry("rebuilt", true).containsEntry("rebuildsRequested", 1);
  }

  @Test
  void withoutAnImageInThePlanRebuildsWithTheLatestOfTheDefaultFamily() {
    Map<String, Object> plan = plan("alibuild07");
    plan.remove("image");
    ProcessInstance instance = start(plan);
    runJob(instance, "service_task_require_foreman_host");
    runJob(instance, "service_task_stage_certificate");
    runJob(instance, "service_task_rebuild_server");

    verify(fixture.cloud).rebuildServer(PROJECT, "id-alibuild07", "cc7", new RebuildRequest(instance.getId(), 1));
  }

  @Test
  void refusesToStartOnAProtectedHostOrWithoutAPlan() {
    assertThatThrownBy(() -> start("alibuild09")).isInstanceOf(RequestRejected.class).hasMessageContaining("Never rebuild alibuild09");
    Map<String, Object> variables = new HashMap<>(variables(plan("alibuild07")));
    variables.remove("planHash");
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey("rebuild-vm", variables))
        .hasMessageContaining("acts only on an approved plan");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  /** The caller catches APPROVAL_VOID (rebuild-agent goes back to approval); alone, nothing acts. */
  @Test
  void aHostnameChangedAfterTheApprovalStopsTheRebuildBeforeAnythingActs() {
    ProcessInstance instance = start("alibuild07");
    runtimeService().setVariable(instance.getId(), "hostname", "alibuild08");

    runJob(instance, "service_task_require_foreman_host");

    verifyNoInteractions(fixture.foreman, fixture.certmgr, fixture.roger);
    verify(fixture.cloud, never()).rebuildServer(anyString(), anyString(), any(), any());
    assertThat(instance).hasPassed("end_event_approval_void").isEnded().variables().containsEntry("rebuilt", false);
    assertThat(instance).hasNotPassed("sub_process_wait_rebuilt");
  }

  @Test
  void aNameThatNowNamesAnotherServerIsRefusedToAnOperator() {
    ProcessInstance instance = start("alibuild07");
    runJob(instance, "service_task_require_foreman_host");
    runJob(instance, "service_task_stage_certificate");
    when(fixture.cloud.findServer(PROJECT, "alibuild07"))
        .thenReturn(Optional.of(new org.alisw.runbooks.openstack.CloudServer("id-recreated", "alibuild07", "ACTIVE", "a", Map.of(), null)));

    runJob(instance, "service_task_rebuild_server");

    verify(fixture.cloud, never()).rebuildServer(anyString(), anyString(), any(), any());
    assertThat(instance).hasPassed("boundary_error_rebuild_refused").isWaitingAt("user_task_investigate_rebuild");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("no longer names the server id-alibuild07");
  }

  @Test
  void aHostForemanDoesNotKnowGoesToAnOperatorWhoMayRunTheStepsAgain() {
    when(fixture.foreman.requireHost("alibuild07"))
        .thenThrow(new ForemanException(404, "Foreman does not know alibuild07.cern.ch: VM not rebuilt"))
        .thenReturn(null);
    ProcessInstance instance = start("alibuild07");

    runJob(instance, "service_task_require_foreman_host");
    assertThat(instance).isWaitingAt("user_task_investigate_rebuild");
    assertThat(runtimeService().createIncidentQuery().count()).isZero();

    complete(task(instance), withVariables("decision", "rebuild-again", "investigationNotes", "registered it in Foreman"));
    runJob(instance, "service_task_require_foreman_host");
    assertThat(instance).isWaitingAt("service_task_stage_certificate");
  }

  @Test
  void aRebuildNotActiveInTimeGoesToAnOperatorAndRebuildAgainIsANewRound() {
    ProcessInstance instance = rebuildRequested("alibuild07");
    serverIs("REBUILD");

    runJob(instance, "boundary_timer_rebuild_timeout");
    runJob(instance, "service_task_recheck_rebuild_status");
    assertThat(instance).isWaitingAt("user_task_investigate_rebuild");
    complete(task(instance), withVariables("decision", "rebuild-again", "investigationNotes", "stuck in REBUILD"));
    runJob(instance, "service_task_require_foreman_host");
    runJob(instance, "service_task_stage_certificate");
    runJob(instance, "service_task_rebuild_server");

    verify(fixture.cloud).rebuildServer(PROJECT, "id-alibuild07", "img-new", new RebuildRequest(instance.getId(), 2));
  }

  @Test
  void aServerInErrorAfterTheRebuildGoesToAnOperatorWhoGivesUp() {
    ProcessInstance instance = rebuildRequested("alibuild07");
    serverIs("ERROR");
    poll(instance);

    assertThat(instance).hasPassed("boundary_error_rebuild_failed").isWaitingAt("user_task_investigate_rebuild");
    complete(task(instance), withVariables("decision", "give-up", "investigationNotes", "hypervisor broken"));
    assertThat(instance).isEnded().hasPassed("end_event_rebuild_abandoned").variables().containsEntry("rebuilt", false);
  }

  @Test
  void waitAgainGoesBackToWaiting() {
    ProcessInstance instance = rebuildRequested("alibuild07");
    serverIs("REBUILD");
    runJob(instance, "boundary_timer_rebuild_timeout");
    runJob(instance, "service_task_recheck_rebuild_status");
    serverIs("ACTIVE");
    complete(task(instance), withVariables("decision", "wait-again", "investigationNotes", "slow"));
    assertThat(instance).isWaitingAt("timer_wait_rebuilt");
    poll(instance);
    assertThat(instance).isEnded().variables().containsEntry("rebuilt", true);
  }

  /** Issue 11: suspended overnight mid-wait, activated after the deadline, the rebuild looks again first. */
  @Test
  void aDeadlinePassedWhileSuspendedLooksAgainAndGoesOnWhenTheServerIsActive() {
    ProcessInstance instance = rebuildRequested("alibuild07");
    serverIs("REBUILD");
    runtimeService().suspendProcessInstanceById(instance.getId());
    serverIs("ACTIVE");

    pastTheDeadlineAndActivated(instance);

    assertThat(instance).hasPassed("boundary_timer_rebuild_timeout", "service_task_recheck_rebuild_status")
        .isEnded().hasPassed("end_event_rebuilt").hasNotPassed("user_task_investigate_rebuild");
    assertThat(instance).variables().containsEntry("rebuilt", true);
  }

  @Test
  void aDeadlinePassedWhileSuspendedStillEscalatesWhenTheServerIsStillRebuilding() {
    ProcessInstance instance = rebuildRequested("alibuild07");
    serverIs("REBUILD");
    runtimeService().suspendProcessInstanceById(instance.getId());

    pastTheDeadlineAndActivated(instance);

    assertThat(instance).hasPassed("service_task_recheck_rebuild_status").isWaitingAt("user_task_investigate_rebuild");
    assertThat(instance).variables().containsEntry("serverStatus", "REBUILD");
  }

  /** Moves the engine clock past runbooks.lifecycle.rebuild-timeout, activates, runs the deadline and the look again. */
  private void pastTheDeadlineAndActivated(ProcessInstance instance) {
    try {
      ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofHours(2))));
      assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).activityId("boundary_timer_rebuild_timeout")
          .duedateLowerThan(ClockUtil.getCurrentTime()).suspended().count()).isEqualTo(1);
      runtimeService().activateProcessInstanceById(instance.getId());
      runJob(instance, "boundary_timer_rebuild_timeout");
      runJob(instance, "service_task_recheck_rebuild_status");
    } finally {
      ClockUtil.reset();
    }
  }

  private ProcessInstance rebuildRequested(String hostname) {
    ProcessInstance instance = start(hostname);
    runJob(instance, "service_task_require_foreman_host");
    runJob(instance, "service_task_stage_certificate");
    runJob(instance, "service_task_rebuild_server");
    runJob(instance, "service_task_set_roger_build");
    assertThat(instance).isWaitingAt("timer_wait_rebuilt");
    return instance;
  }

  private void poll(ProcessInstance instance) {
    runJob(instance, "timer_wait_rebuilt");
    runJob(instance, "service_task_read_rebuild_status");
  }

  private void serverIs(String status) {
    when(fixture.cloud.findServer(PROJECT, "alibuild07")).thenReturn(Optional.of(server("alibuild07", status)));
    when(fixture.cloud.server(PROJECT, "id-alibuild07")).thenReturn(Optional.of(server("alibuild07", status)));
  }

  static Map<String, Object> plan(String hostname) {
    Map<String, Object> plan = new HashMap<>();
    plan.put("hostname", hostname);
    plan.put("project", PROJECT);
    plan.put("serverId", "id-" + hostname);
    plan.put("image", "img-new");
    return plan;
  }

  private static ProcessInstance start(String hostname) {
    return start(plan(hostname));
  }

  private static ProcessInstance start(Map<String, Object> plan) {
    return runtimeService().startProcessInstanceByKey("rebuild-vm", variables(plan));
  }

  private static Map<String, Object> variables(Map<String, Object> plan) {
    Map<String, Object> variables = new HashMap<>(plan);
    String text = FrozenPlan.toJson(plan);
    variables.put("plan", text);
    variables.put("planHash", FrozenPlan.sha256(text));
    variables.put("initiator", "operator1");
    return variables;
  }
}
