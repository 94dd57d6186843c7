package org.alisw.runbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudRejectedException;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.CloudUnavailableException;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walks {@code reboot-server} step by step with the cloud mocked. */
@Deployment(
    resources = {
      "reboot-server.bpmn",
      "forms/reboot-server-start.form",
      "forms/reboot-server-investigate.form",
      "stubs/vh-verify-host-stub.bpmn"
    })
class RebootServerProcessTest {

  private static final String PROJECT = "release-testing";
  private static final String OPERATORS = "alice-agile-admin";

  @RegisterExtension
  static final ProcessEngineExtension ENGINE = ProcessTestEngine.extension();

  private final CloudPort cloud = mock(CloudPort.class);
  private final VerifyHostStub verifyHost = new VerifyHostStub();

  /** verify-host's stand-in: records what the caller passed, answers with {@link #verified}. */
  public static final class VerifyHostStub {
    volatile boolean verified = true;
    final java.util.List<Map<String, Object>> calls = new java.util.ArrayList<>();

    public void finish(org.camunda.bpm.engine.delegate.DelegateExecution execution) {
      calls.add(Map.of(
          "hostname", execution.getVariable("hostname"),
          "project", execution.getVariable("project"),
          "serverId", execution.getVariable("serverId"),
          "hostKeyChange", execution.getVariable("hostKeyChange"),
          "businessKey", String.valueOf(execution.getProcessBusinessKey())));
      execution.setVariable("hostVerified", verified);
      execution.setVariable("puppetAttemptsUsed", verified ? 1 : 5);
      execution.setVariable("puppetExitCode", verified ? 0 : 6);
    }
  }

  @BeforeEach
  void registerDelegates() {
    HostNamePolicy hostNames = new HostNamePolicy(Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"));
    RebootRequest request = new RebootRequest(cloud::findServer, cloud, hostNames, PROJECT, Set.of(PROJECT, "cloud-tests"));
    Mocks.register("rebootRequest", request);
    Mocks.register("hardRebootServer", new HardRebootServerDelegate(cloud, request));
    Mocks.register("readServerStatus", new ReadServerStatusDelegate(cloud));
    Mocks.register("verifyHostStub", verifyHost);
    Mocks.register(
        "runbooks",
        new RunbookSettings(
            new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS));
  }

  @AfterEach
  void resetMocks() {
    Mocks.reset();
  }

  @Test
  void hardRebootsAndEndsOnceServerIsActive() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");

    assertThat(instance).isWaitingAt("service_task_hard_reboot");
    assertThat(instance).variables().containsEntry("serverId", "id-alibuild07");
    runJob(instance, "service_task_hard_reboot");
    verify(cloud).hardReboot(PROJECT, "id-alibuild07", instance.getId() + "/reboot/1");

    serverIs("HARD_REBOOT");
    pollOnce(instance);
    assertThat(instance).isWaitingAt("timer_wait_active").variables().containsEntry("serverStatus", "HARD_REBOOT");

    serverIs("ACTIVE");
    pollOnce(instance);
    assertThat(instance).hasPassed("end_event_server_active").isWaitingAt("call_activity_verify_host");
    runJob(instance, "call_activity_verify_host");
    assertThat(instance).isEnded().hasPassed("gateway_host_verified", "end_event_server_rebooted");
    assertThat(verifyHost.calls)
        .containsExactly(Map.of("hostname", "alibuild07", "project", PROJECT, "serverId", "id-alibuild07",
            "hostKeyChange", "unchanged", "businessKey", "null"));
    assertThat(org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService()
            .createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).variableName("hostVerified").singleResult().getValue())
        .isEqualTo(true);
  }

  /** verify-host ends with hostVerified=false when its operator gave up: a human decides here too. */
  @Test
  void aHostThatCouldNotBeVerifiedAfterTheRebootGoesToTheOperator() {
    serverIs("ACTIVE");
    verifyHost.verified = false;
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");
    pollOnce(instance);
    runJob(instance, "call_activity_verify_host");

    assertThat(instance).hasPassed("gateway_host_verified").isWaitingAt("user_task_investigate_reboot");
    assertThat(instance).variables().containsEntry("hostVerified", false).containsEntry("puppetExitCode", 6);
    complete(task(instance), withVariables("decision", "reboot-again", "investigationNotes", "puppet broken after reboot"));
    assertThat(instance).isWaitingAt("service_task_hard_reboot");
  }

  @Test
  void refusesAnUnknownServerBeforeStarting() {
    when(cloud.findServer(PROJECT, "alibuild99")).thenReturn(Optional.empty());

    assertThatThrownBy(() -> startReboot("alibuild99"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("No server named alibuild99 in OpenStack project release-testing");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesAnInvalidServerNameWithoutAskingTheCloud() {
    assertThatThrownBy(() -> startReboot("alibuild07; rm -rf /"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("is not a valid server name");
    verify(cloud, never()).findServer(anyString(), anyString());
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesAnUnknownProjectBeforeStarting() {
    assertThatThrownBy(
            () ->
                runtimeService()
                    .startProcessInstanceByKey(
                        "reboot-server",
                        Map.of("hostname", "alibuild07", "project", "ALICE Secret", "reason", "x")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Unknown OpenStack project 'ALICE Secret'")
        .hasMessageContaining("[cloud-tests, release-testing]");
    verify(cloud, never()).findServer(anyString(), anyString());
  }

  @Test
  void refusesARequestWithoutAReason() {
    assertThatThrownBy(
            () -> runtimeService().startProcessInstanceByKey("reboot-server", Map.of("hostname", "alibuild07")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Say why");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void checksTheHostNameAgainBeforeRebootingAndHandsTheRefusalToAnOperator() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runtimeService().setVariable(instance.getId(), "hostname", "alibuild07 && reboot-all");

    runJob(instance, "service_task_hard_reboot");

    verify(cloud, never()).hardReboot(anyString(), anyString(), anyString());
    assertThat(instance).hasPassed("boundary_error_reboot_refused").isWaitingAt("user_task_investigate_reboot");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("is not a valid server name");
  }

  /** Someone changed {@code hostname} to another existing server after the start checks. */
  @Test
  void refusesToRebootAServerOtherThanTheOneValidatedAtStart() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    when(cloud.findServer(PROJECT, "alimesos01")).thenReturn(Optional.of(server("alimesos01", "ACTIVE", null)));
    runtimeService().setVariable(instance.getId(), "hostname", "alimesos01");

    runJob(instance, "service_task_hard_reboot");

    verify(cloud, never()).hardReboot(anyString(), anyString(), anyString());
    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal"))
        .contains("no longer names the server id-alibuild07");
  }

  @Test
  void rechecksTheReasonAndTheProjectBeforeRebooting() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runtimeService().setVariable(instance.getId(), "project", "ALICE Secret");

    runJob(instance, "service_task_hard_reboot");

    verify(cloud, never()).hardReboot(anyString(), anyString(), anyString());
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("Unknown OpenStack project");
  }

  /** Start instructions with skipCustomListeners still run the builtin request check. */
  @Test
  void startChecksRunEvenWhenTheStartSkipsCustomListenersAndTheStartEvent() {
    assertThatThrownBy(
            () ->
                runtimeService()
                    .createProcessInstanceByKey("reboot-server")
                    .setVariables(Map.of("hostname", "alibuild99", "reason", "x"))
                    .startBeforeActivity("service_task_hard_reboot")
                    .execute(true, true))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("No server named alibuild99");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();

    serverIs("ACTIVE");
    ProcessInstance started =
        runtimeService()
            .createProcessInstanceByKey("reboot-server")
            .setVariables(Map.of("hostname", "alibuild07", "reason", "x"))
            .startBeforeActivity("service_task_hard_reboot")
            .execute(true, true);
    assertThat(started).variables().containsEntry("serverId", "id-alibuild07");
  }

  /** Item 9: deleted between the start and the job; no retries, no incident, a human decides. */
  @Test
  void aServerDeletedBeforeTheRebootGoesToTheOperatorNotToAnIncident() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    when(cloud.findServer(PROJECT, "alibuild07")).thenReturn(Optional.empty());

    runJob(instance, "service_task_hard_reboot");

    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal"))
        .contains("No server named alibuild07 in OpenStack project release-testing any more");
    assertThat(runtimeService().createIncidentQuery().count()).isZero();
  }

  @Test
  void aRebootNovaRejectsGoesToTheOperatorWithNovasMessage() {
    serverIs("ACTIVE");
    doThrow(new CloudRejectedException("Cannot 'reboot' instance id-alibuild07 while it is in task_state rebuilding", 409))
        .when(cloud).hardReboot(anyString(), anyString(), anyString());
    ProcessInstance instance = startReboot("alibuild07");

    runJob(instance, "service_task_hard_reboot");

    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("task_state rebuilding");
    assertThat(runtimeService().createIncidentQuery().count()).isZero();
  }

  @Test
  void aStatusReadOpenStackRefusesGoesToTheOperator() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");
    when(cloud.server(PROJECT, "id-alibuild07")).thenThrow(new CloudRejectedException("OpenStack answered 403", 403));

    pollOnce(instance);

    assertThat(instance).hasPassed("boundary_error_status_refused").isWaitingAt("user_task_investigate_reboot");
    assertThat(runtimeService().createIncidentQuery().count()).isZero();
  }

  /** Item B: completing a task must not rewrite what the runbook was validated for. */
  @Test
  void completingTheInvestigationWithAnotherHostnameIsRefusedAndChangesNothing() {
    ProcessInstance instance = waitingForInvestigation();
    String taskId = task(instance).getId();

    assertThatThrownBy(
            () ->
                taskService()
                    .complete(taskId, Map.of("decision", "reboot-again", "investigationNotes", "x", "hostname", "alimesos01")))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("variable 'hostname' cannot be set");

    assertThat(instance).isWaitingAt("user_task_investigate_reboot").variables().containsEntry("hostname", "alibuild07");
    assertThat(taskService().createTaskQuery().taskId(taskId).count()).isOne();
    assertThat(taskService().getVariable(taskId, "decision")).isNull();
    assertThat(runtimeService().getVariable(instance.getId(), "decision")).isNull();
    verify(cloud, times(1)).hardReboot(anyString(), anyString(), anyString());
  }

  @Test
  void anUnknownDecisionIsRefusedNamingTheVariable() {
    ProcessInstance instance = waitingForInvestigation();

    assertThatThrownBy(
            () -> complete(task(instance), withVariables("decision", "reboot-all", "investigationNotes", "x")))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("Variable 'decision' must be one of [wait-again, reboot-again, give-up], not 'reboot-all'");
    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
  }

  @Test
  void notesAreRequired() {
    ProcessInstance instance = waitingForInvestigation();

    assertThatThrownBy(() -> complete(task(instance), withVariables("decision", "give-up", "investigationNotes", " ")))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("needs variable 'investigationNotes'");
  }

  @Test
  void aSecondInvestigationRoundDoesNotReuseTheFirstDecision() {
    ProcessInstance instance = waitingForInvestigation();
    complete(task(instance), withVariables("decision", "wait-again", "investigationNotes", "slow"));
    deadlinePassesNotActive(instance);
    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    assertThat(runtimeService().getVariable(instance.getId(), "decision")).isEqualTo("wait-again");

    // The form of round two shows no decision, and completing without one is refused.
    assertThat(taskService().getVariable(task(instance).getId(), "decision")).isNull();
    assertThatThrownBy(() -> complete(task(instance), withVariables("investigationNotes", "still down")))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("needs variable 'decision'");

    complete(task(instance), withVariables("decision", "give-up", "investigationNotes", "still down"));
    assertThat(instance).isEnded().hasPassed("end_event_reboot_abandoned");
  }

  /** Item 8: "reboot again" while Nova still says HARD_REBOOT is a new request, not a no-op. */
  @Test
  void rebootAgainSendsANewRequestKeyWhileTheServerIsStillInHardReboot() {
    ProcessInstance instance = waitingForInvestigation();
    serverIs("HARD_REBOOT");

    complete(task(instance), withVariables("decision", "reboot-again", "investigationNotes", "stuck"));
    runJob(instance, "service_task_hard_reboot");

    verify(cloud).hardReboot(PROJECT, "id-alibuild07", instance.getId() + "/reboot/1");
    verify(cloud).hardReboot(PROJECT, "id-alibuild07", instance.getId() + "/reboot/2");
    assertThat(instance).variables().containsEntry("rebootsRequested", 2);
  }

  /** A retried job repeats its key, so the adapter can tell that Nova already has the request. */
  @Test
  void aRetriedRebootJobSendsTheSameRequestKey() {
    serverIs("ACTIVE");
    doThrow(new CloudUnavailableException("Nova answered 503", 503, null)).doNothing()
        .when(cloud).hardReboot(anyString(), anyString(), anyString());
    ProcessInstance instance = startReboot("alibuild07");

    Job job = jobAt(instance, "service_task_hard_reboot");
    assertThatThrownBy(() -> managementService().executeJob(job.getId())).hasMessageContaining("503");
    runJob(instance, "service_task_hard_reboot");

    verify(cloud, times(2)).hardReboot(PROJECT, "id-alibuild07", instance.getId() + "/reboot/1");
    assertThat(instance).isWaitingAt("timer_wait_active").variables().containsEntry("rebootsRequested", 1);
  }

  @Test
  void asksAnOperatorWhenTheServerGoesToError() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");

    when(cloud.server(PROJECT, "id-alibuild07"))
        .thenReturn(Optional.of(server("alibuild07", "ERROR", "No valid host was found.")));
    pollOnce(instance);

    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    assertThat(task(instance)).hasCandidateGroup(OPERATORS);
    assertThat(instance).variables().containsEntry("serverFault", "No valid host was found.");

    complete(task(instance), withVariables("decision", "give-up", "investigationNotes", "hypervisor down"));
    assertThat(instance).isEnded().hasPassed("end_event_reboot_abandoned");
  }

  @Test
  void asksAnOperatorWhenTheServerIsNotActiveInTimeAndRebootsAgainOnRequest() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");

    deadlinePassesNotActive(instance);

    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    complete(task(instance), withVariables("decision", "reboot-again", "investigationNotes", "stuck in BIOS"));
    assertThat(instance).isWaitingAt("service_task_hard_reboot");
    runJob(instance, "service_task_hard_reboot");
    verify(cloud, times(2)).hardReboot(anyString(), anyString(), anyString());
  }

  @Test
  void waitsAgainOnRequestAfterATimeout() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");
    deadlinePassesNotActive(instance);

    complete(task(instance), withVariables("decision", "wait-again", "investigationNotes", "slow hypervisor"));

    assertThat(instance).isWaitingAt("timer_wait_active");
    serverIs("ACTIVE");
    pollOnce(instance);
    runJob(instance, "call_activity_verify_host");
    assertThat(instance).isEnded().hasPassed("end_event_server_rebooted");
  }

  /** {@code R3/PT1M} means three attempts in all (7.24, legacy retry behaviour off), then an incident. */
  @Test
  void retriesAFailingRebootThenRaisesAnIncident() {
    serverIs("ACTIVE");
    doThrow(new CloudUnavailableException("Nova answered 503", 503, null))
        .when(cloud).hardReboot(anyString(), anyString(), anyString());
    ProcessInstance instance = startReboot("alibuild07");

    for (int attempt = 1; attempt <= 3; attempt++) {
      Job job = jobAt(instance, "service_task_hard_reboot");
      assertThat(job.getRetries()).as("retries before attempt " + attempt).isPositive();
      assertThatThrownBy(() -> managementService().executeJob(job.getId())).hasMessageContaining("503");
    }

    Job exhausted = jobAt(instance, "service_task_hard_reboot");
    assertThat(exhausted.getRetries()).isZero();
    assertThat(exhausted.getExceptionMessage()).contains("Nova answered 503");
    assertThat(runtimeService().createIncidentQuery().processInstanceId(instance.getId()).count()).isOne();
    assertThat(instance).isWaitingAt("service_task_hard_reboot");
    verify(cloud, times(3)).hardReboot(PROJECT, "id-alibuild07", instance.getId() + "/reboot/1");
  }

  /** Issue 11: suspended mid-wait, activated after the deadline, the reboot looks again and goes on. */
  @Test
  void aDeadlinePassedWhileSuspendedLooksAgainAndGoesOnWhenTheServerIsActive() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");
    serverIs("HARD_REBOOT");
    runtimeService().suspendProcessInstanceById(instance.getId());
    serverIs("ACTIVE");

    pastTheDeadlineAndActivated(instance);

    assertThat(instance).hasPassed("service_task_recheck_server_status").hasNotPassed("user_task_investigate_reboot")
        .isWaitingAt("call_activity_verify_host");
    runJob(instance, "call_activity_verify_host");
    assertThat(instance).isEnded().hasPassed("end_event_server_rebooted");
  }

  @Test
  void aDeadlinePassedWhileSuspendedStillEscalatesWhenTheServerIsNotActive() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");
    serverIs("HARD_REBOOT");
    runtimeService().suspendProcessInstanceById(instance.getId());

    pastTheDeadlineAndActivated(instance);

    assertThat(instance).hasPassed("service_task_recheck_server_status").isWaitingAt("user_task_investigate_reboot");
  }

  private void pastTheDeadlineAndActivated(ProcessInstance instance) {
    try {
      ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofHours(2))));
      assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).activityId("boundary_timer_reboot_timeout")
          .duedateLowerThan(ClockUtil.getCurrentTime()).suspended().count()).isEqualTo(1);
      runtimeService().activateProcessInstanceById(instance.getId());
      runJob(instance, "boundary_timer_reboot_timeout");
      runJob(instance, "service_task_recheck_server_status");
    } finally {
      ClockUtil.reset();
    }
  }

  /** The reboot deadline fires while Nova still says HARD_REBOOT: the look again confirms it and escalates. */
  private void deadlinePassesNotActive(ProcessInstance instance) {
    serverIs("HARD_REBOOT");
    runJob(instance, "boundary_timer_reboot_timeout");
    runJob(instance, "service_task_recheck_server_status");
  }

  /** Rebooted once, not ACTIVE in time: the operator is asked. */
  private ProcessInstance waitingForInvestigation() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");
    deadlinePassesNotActive(instance);
    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    return instance;
  }

  private ProcessInstance startReboot(String hostname) {
    return runtimeService()
        .startProcessInstanceByKey(
            "reboot-server", Map.of("hostname", hostname, "reason", "agent stopped answering"));
  }

  /** Fires the poll timer and runs the status read behind it. */
  private void pollOnce(ProcessInstance instance) {
    runJob(instance, "timer_wait_active");
    assertThat(instance).isWaitingAt("service_task_read_server_status");
    runJob(instance, "service_task_read_server_status");
  }

  /** Runs the one job (async continuation or timer) waiting at this activity. */
  private void runJob(ProcessInstance instance, String activityId) {
    execute(jobAt(instance, activityId));
  }

  private Job jobAt(ProcessInstance instance, String activityId) {
    Job job =
        managementService()
            .createJobQuery()
            .processInstanceId(instance.getId())
            .activityId(activityId)
            .singleResult();
    assertThat(job).as("job at " + activityId).isNotNull();
    return job;
  }

  private void serverIs(String status) {
    CloudServer server = server("alibuild07", status, null);
    when(cloud.findServer(PROJECT, "alibuild07")).thenReturn(Optional.of(server));
    when(cloud.server(PROJECT, "id-alibuild07")).thenReturn(Optional.of(server));
  }

  private static CloudServer server(String name, String status, String fault) {
    return new CloudServer("id-" + name, name, status, "cern-geneva-a", Map.of(), fault);
  }
}
