package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.PROJECT;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleFixture.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.roger.AppState;
import org.alisw.runbooks.runbook.RequestRejected;
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

/** Walks {@code delete-vm} with the ports mocked; "rebuild instead" starts the real rebuild-agent. */
@Deployment(
    resources = {
      "delete-vm.bpmn",
      "rebuild-agent.bpmn",
      "forms/delete-vm-start.form",
      "forms/delete-vm-rebuild-instead.form",
      "forms/delete-vm-approve.form",
      "forms/delete-vm-investigate.form",
      "forms/rebuild-agent-start.form",
      "forms/rebuild-agent-discuss.form"
    })
class DeleteVmProcessTest {

  @RegisterExtension
  static final ProcessEngineExtension ENGINE = LifecycleFixture.engine();

  private final LifecycleFixture fixture = new LifecycleFixture();

  @BeforeEach
  void register() {
    fixture.register();
    LifecycleChecks checks = fixture.checks;
    Mocks.register("deleteVmRequest", new DeleteVmRequest(fixture.cloud::findServer, checks));
    Mocks.register("startRebuildInstead", new StartRebuildInsteadDelegate());
    Mocks.register("freezeDeletePlan", new FreezeDeletePlanDelegate(fixture.cloud, checks));
    Mocks.register("recordVolumes", new RecordVolumesDelegate(fixture.cloud, checks));
    Mocks.register("deleteServer", new DeleteServerDelegate(fixture.cloud, checks));
    Mocks.register("setRogerDisabled", new SetRogerDisabledDelegate(fixture.roger));
    Mocks.register("deleteForemanHost", new DeleteForemanHostDelegate(fixture.foreman, checks));
    Mocks.register("readRecordedVolumeStatus", new ReadVolumeStatusDelegate(fixture.cloud));
    Mocks.register("deleteVolume", new DeleteVolumeDelegate(fixture.cloud, checks));
    Mocks.register("recordedVolumes", new RecordedVolumes());
    Mocks.register("rebuildAgentRequest", new RebuildAgentRequest(fixture.cloud::findServer, checks));
    for (String host : List.of("alibuild07", "alibuild08", "alibuild09", "alibuild03")) {
      serverIs(host, "ACTIVE");
    }
    volumesOf("alibuild07", volume("vol-1", "alibuild07.cern.ch_vol_001", "in-use", "id-alibuild07"));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    identityService().clearAuthentication();
  }

  @Test
  void deletesTheServerAsAiKillDoesThenTheVolumesThatWereAttached() {
    ProcessInstance instance = approved("alibuild07");
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan"))
        .contains("vol-1", "alibuild07.cern.ch_vol_001", "ai-kill alibuild07", "openstack volume delete vol-1");

    runJob(instance, "service_task_record_volumes");
    runJob(instance, "service_task_delete_server");
    runJob(instance, "service_task_set_roger_disabled");
    runJob(instance, "service_task_delete_foreman_host");
    InOrder order = inOrder(fixture.cloud, fixture.roger, fixture.foreman);
    order.verify(fixture.cloud, org.mockito.Mockito.atLeastOnce()).volumesOf(PROJECT, "id-alibuild07");
    order.verify(fixture.cloud).deleteServer(PROJECT, "id-alibuild07");
    order.verify(fixture.roger).update(eq("alibuild07"), argThat(u -> u.appstate() == AppState.DISABLED && Boolean.FALSE.equals(u.osAlarmed())));
    order.verify(fixture.foreman).delete("alibuild07");

    pollServer(instance);
    assertThat(instance).isWaitingAt("timer_wait_server_gone");
    when(fixture.cloud.server(PROJECT, "id-alibuild07")).thenReturn(Optional.empty());
    pollServer(instance);

    when(fixture.cloud.volume(PROJECT, "vol-1")).thenReturn(Optional.of(volume("vol-1", "alibuild07.cern.ch_vol_001", "detaching", "id-alibuild07")));
    pollVolume(instance);
    verify(fixture.cloud, never()).deleteVolume(anyString(), anyString());
    when(fixture.cloud.volume(PROJECT, "vol-1")).thenReturn(Optional.of(volume("vol-1", "alibuild07.cern.ch_vol_001", "available", null)));
    pollVolume(instance);
    runJob(instance, "service_task_delete_volume");
    verify(fixture.cloud).deleteVolume(PROJECT, "vol-1");
    when(fixture.cloud.volume(PROJECT, "vol-1")).thenReturn(Optional.empty());
    pollVolume(instance);

    assertThat(instance).isEnded().hasPassed("end_event_vm_deleted");
  }

  @Test
  void refusesAlibuild03BeforeAnythingStarts() {
    assertThatThrownBy(() -> start("alibuild03")).isInstanceOf(RequestRejected.class).hasMessageContaining("Never delete alibuild03");
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey("delete-vm", Map.of("hostname", "alibuild07")))
        .hasMessageContaining("Say why");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesAVolumeNamedAfterAlibuild03BeforeTheApproval() {
    volumesOf("alibuild08", volume("vol-3", "alibuild03.cern.ch_vol_001", "in-use", "id-alibuild08"));
    ProcessInstance instance = start("alibuild08");
    deleteForGood(instance);

    runJob(instance, "service_task_freeze_delete_plan");

    assertThat(instance).hasPassed("boundary_error_freeze_refused").isWaitingAt("user_task_investigate_delete");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("named after alibuild03");
  }

  /** The attachment Cinder reports decides, whatever the volume is called. */
  @Test
  void aVolumeAttachedToAlibuild03WhenItsDeletionComesIsNotDeleted() {
    ProcessInstance instance = serverGone(approved("alibuild07"));
    when(fixture.cloud.volume(PROJECT, "vol-1")).thenReturn(
        Optional.of(volume("vol-1", "scratch", "available", null)),
        Optional.of(volume("vol-1", "scratch", "in-use", "id-alibuild03")));
    pollVolume(instance);

    runJob(instance, "service_task_delete_volume");

    verify(fixture.cloud, never()).deleteVolume(anyString(), anyString());
    assertThat(instance).isWaitingAt("user_task_investigate_delete");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("attached to alibuild03");
  }

  @Test
  void rebuildInsteadStartsRebuildAgentInTheRequestersNameAndEnds() {
    ProcessInstance instance = start("alibuild07");
    identityService().setAuthenticatedUserId("operator2");
    taskService().complete(task(instance).getId(), Map.of("deleteDecision", "rebuild-instead", "deleteNotes", "docker broken"));
    identityService().clearAuthentication();

    runJob(instance, "service_task_start_rebuild_agent");

    assertThat(instance).isEnded().hasPassed("end_event_rebuild_instead");
    ProcessInstance rebuild = runtimeService().createProcessInstanceQuery().processDefinitionKey("rebuild-agent").singleResult();
    assertThat(rebuild).isWaitingAt("user_task_discuss_with_colleagues");
    assertThat(rebuild).variables().containsEntry("hostname", "alibuild07").containsEntry("initiator", "operator1")
        .containsEntry("serverId", "id-alibuild07");
    verify(fixture.cloud, never()).deleteServer(anyString(), anyString());
  }

  @Test
  void rebuildingAlibuild09InsteadIsRefusedAndTheQuestionAskedAgain() {
    ProcessInstance instance = start("alibuild09");
    taskService().complete(task(instance).getId(), Map.of("deleteDecision", "rebuild-instead"));

    runJob(instance, "service_task_start_rebuild_agent");

    assertThat(instance).isWaitingAt("user_task_rebuild_instead");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("Never rebuild alibuild09");
    assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey("rebuild-agent").count()).isZero();
  }

  @Test
  void theRequesterCannotApproveHisOwnDelete() {
    ProcessInstance instance = start("alibuild07");
    deleteForGood(instance);
    runJob(instance, "service_task_freeze_delete_plan");
    identityService().setAuthenticatedUserId("operator1");
    assertThatThrownBy(() -> taskService().complete(task(instance).getId(), Map.of("approvalDecision", "approve", "approvalNotes", "x")))
        .hasMessageContaining("Four-eyes");
  }

  @Test
  void volumesChangedAfterTheApprovalSendTheRunbookBackToApproval() {
    ProcessInstance instance = approved("alibuild07");
    volumesOf("alibuild07", volume("vol-1", "alibuild07.cern.ch_vol_001", "in-use", "id-alibuild07"),
        volume("vol-2", "alibuild07-vdc", "in-use", "id-alibuild07"));

    runJob(instance, "service_task_record_volumes");

    verify(fixture.cloud, never()).deleteServer(anyString(), anyString());
    assertThat(instance).hasPassed("boundary_error_kill_approval_void").isWaitingAt("service_task_freeze_delete_plan");
    runJob(instance, "service_task_freeze_delete_plan");
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan")).contains("vol-2");
  }

  @Test
  void aHostnameChangedAfterTheApprovalDeletesNothing() {
    ProcessInstance instance = approved("alibuild07");
    runtimeService().setVariable(instance.getId(), "hostname", "alibuild08");

    runJob(instance, "service_task_record_volumes");

    verify(fixture.cloud, never()).deleteServer(anyString(), anyString());
    assertThat((String) runtimeService().getVariable(instance.getId(), "approvalVoid")).contains("'hostname' is 'alibuild08'");
    assertThat(instance).isWaitingAt("service_task_freeze_delete_plan");
  }

  @Test
  void aServerThatDoesNotGoAwayInTimeGoesToAnOperator() {
    ProcessInstance instance = approved("alibuild07");
    runJob(instance, "service_task_record_volumes");
    runJob(instance, "service_task_delete_server");
    runJob(instance, "service_task_set_roger_disabled");
    runJob(instance, "service_task_delete_foreman_host");

    runJob(instance, "boundary_timer_delete_timeout");
    runJob(instance, "service_task_recheck_server_gone");

    assertThat(instance).hasPassed("service_task_recheck_server_gone").isWaitingAt("user_task_investigate_delete");
    taskService().complete(task(instance).getId(), Map.of("decision", "retry", "investigationNotes", "Nova lost the delete"));
    runJob(instance, "service_task_record_volumes");
    runJob(instance, "service_task_delete_server");
    verify(fixture.cloud, org.mockito.Mockito.times(2)).deleteServer(PROJECT, "id-alibuild07");
    // Once for the plan, once when recorded: the retry keeps the record of this approved plan.
    verify(fixture.cloud, org.mockito.Mockito.times(2)).volumesOf(PROJECT, "id-alibuild07");
  }

  /** Issue 11: suspended while Nova deletes, activated after the deadline: the server is looked at again first. */
  @Test
  void aDeadlinePassedWhileSuspendedLooksAgainAndGoesOnToTheVolumesWhenTheServerIsGone() {
    ProcessInstance instance = approved("alibuild07");
    runJob(instance, "service_task_record_volumes");
    runJob(instance, "service_task_delete_server");
    runJob(instance, "service_task_set_roger_disabled");
    runJob(instance, "service_task_delete_foreman_host");
    runtimeService().suspendProcessInstanceById(instance.getId());
    when(fixture.cloud.server(PROJECT, "id-alibuild07")).thenReturn(Optional.empty());

    pastTheDeadlineAndActivated(instance);

    assertThat(instance).hasNotPassed("user_task_investigate_delete").isWaitingAt("timer_wait_server_gone");
    pollServer(instance);
    when(fixture.cloud.volume(PROJECT, "vol-1")).thenReturn(Optional.of(volume("vol-1", "alibuild07.cern.ch_vol_001", "available", null)));
    pollVolume(instance);
    runJob(instance, "service_task_delete_volume");
    when(fixture.cloud.volume(PROJECT, "vol-1")).thenReturn(Optional.empty());
    pollVolume(instance);
    assertThat(instance).isEnded().hasPassed("end_event_vm_deleted");
    verify(fixture.cloud).deleteVolume(PROJECT, "vol-1");
  }

  /** Gone, but a volume never becomes available: looking at the server again changes nothing, the operator is asked. */
  @Test
  void aDeadlinePassedWhileTheVolumesAreDeletedStillEscalates() {
    ProcessInstance instance = serverGone(approved("alibuild07"));
    when(fixture.cloud.volume(PROJECT, "vol-1")).thenReturn(Optional.of(volume("vol-1", "alibuild07.cern.ch_vol_001", "detaching", "id-alibuild07")));
    pollVolume(instance);
    runtimeService().suspendProcessInstanceById(instance.getId());

    pastTheDeadlineAndActivated(instance);

    assertThat(instance).isWaitingAt("user_task_investigate_delete");
    verify(fixture.cloud, never()).deleteVolume(anyString(), anyString());
  }

  private void pastTheDeadlineAndActivated(ProcessInstance instance) {
    try {
      ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofHours(2))));
      assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).activityId("boundary_timer_delete_timeout")
          .duedateLowerThan(ClockUtil.getCurrentTime()).suspended().count()).isEqualTo(1);
      runtimeService().activateProcessInstanceById(instance.getId());
      runJob(instance, "boundary_timer_delete_timeout");
      runJob(instance, "service_task_recheck_server_gone");
    } finally {
      ClockUtil.reset();
    }
  }

  private ProcessInstance serverGone(ProcessInstance instance) {
    runJob(instance, "service_task_record_volumes");
    runJob(instance, "service_task_delete_server");
    runJob(instance, "service_task_set_roger_disabled");
    runJob(instance, "service_task_delete_foreman_host");
    when(fixture.cloud.server(PROJECT, "id-alibuild07")).thenReturn(Optional.empty());
    pollServer(instance);
    return instance;
  }

  private void pollServer(ProcessInstance instance) {
    runJob(instance, "timer_wait_server_gone");
    runJob(instance, "service_task_read_server_status");
  }

  private void pollVolume(ProcessInstance instance) {
    runJob(instance, "timer_wait_volume");
    runJob(instance, "service_task_read_volume_status");
  }

  private ProcessInstance approved(String hostname) {
    ProcessInstance instance = start(hostname);
    deleteForGood(instance);
    runJob(instance, "service_task_freeze_delete_plan");
    identityService().setAuthenticatedUserId("operator2");
    taskService().complete(task(instance).getId(), Map.of("approvalDecision", "approve", "approvalNotes", "plan checked"));
    identityService().clearAuthentication();
    return instance;
  }

  private static void deleteForGood(ProcessInstance instance) {
    taskService().complete(task(instance).getId(), Map.of("deleteDecision", "delete-for-good"));
  }

  private static ProcessInstance start(String hostname) {
    identityService().setAuthenticatedUserId("operator1");
    ProcessInstance instance =
        runtimeService().startProcessInstanceByKey("delete-vm", Map.of("hostname", hostname, "reason", "replaced by a bigger flavor"));
    identityService().clearAuthentication();
    return instance;
  }

  private void serverIs(String name, String status) {
    CloudServer server = LifecycleFixture.server(name, status);
    when(fixture.cloud.findServer(PROJECT, name)).thenReturn(Optional.of(server));
    when(fixture.cloud.server(PROJECT, "id-" + name)).thenReturn(Optional.of(server));
  }

  private void volumesOf(String host, CloudVolume... volumes) {
    when(fixture.cloud.volumesOf(PROJECT, "id-" + host)).thenReturn(List.of(volumes));
  }

  private static CloudVolume volume(String id, String name, String status, String attachedTo) {
    return new CloudVolume(id, name, 500, "io1", status, "nova", Map.of(),
        attachedTo == null ? List.of() : List.of(new CloudVolume.Attachment(attachedTo, "/dev/vdb")));
  }
}
