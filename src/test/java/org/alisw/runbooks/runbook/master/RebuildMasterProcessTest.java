package org.alisw.runbooks.runbook.master;

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
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.Docker;
import org.alisw.runbooks.host.HostException;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MesosLeader;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.MasterQuorum;
import org.alisw.runbooks.policy.MasterQuorum.QuorumUnhealthy;
import org.alisw.runbooks.policy.MasterQuorumProperties;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.policy.ProtectedHosts;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookSettings;
import org.alisw.runbooks.runbook.RunbookTimings;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walks {@code rebuild-master} with the ports mocked and stubs for the call activities. */
@Deployment(
    resources = {
      "rebuild-master.bpmn",
      "forms/rebuild-master-start.form",
      "forms/rebuild-master-discuss.form",
      "forms/rebuild-master-hand-over.form",
      "forms/rebuild-master-approve.form",
      "forms/rebuild-master-refused.form",
      "forms/rebuild-master-review.form",
      "stubs/qm-rebuild-vm-stub.bpmn",
      "stubs/qm-verify-host-stub.bpmn",
      "stubs/qm-verify-master-stub.bpmn"
    })
class RebuildMasterProcessTest {

  private static final String KEY = "rebuild-master";
  private static final String PROJECT = "release-testing";
  private static final String OPERATORS = "alice-agile-admin";
  private static final String TARGET = "alimesos01";

  @RegisterExtension
  static final ProcessEngineExtension ENGINE =
      ProcessEngineExtension.builder().configurationResource("process-test.camunda.cfg.xml").build();

  private final CloudPort cloud = mock(CloudPort.class);
  private final ClusterPort cluster = mock(ClusterPort.class);
  private final Docker docker = mock(Docker.class);
  private final MasterQuorum quorum = mock(MasterQuorum.class);
  private final Stubs stubs = new Stubs();

  /** What the stubbed call activities answer. */
  public static class Stubs {
    boolean rebuilt = true;
    boolean hostVerified = true;
    boolean masterVerified = true;
    final List<Map<String, Object>> rebuildVmCalls = new java.util.ArrayList<>();
    final List<Map<String, Object>> verifyHostCalls = new java.util.ArrayList<>();

    String voidApproval;

    public void rebuildVm(DelegateExecution execution) {
      rebuildVmCalls.add(new HashMap<>(execution.getVariables()));
      if (voidApproval != null) {
        throw new org.camunda.bpm.engine.delegate.BpmnError("APPROVAL_VOID", voidApproval);
      }
      execution.setVariable("rebuilt", rebuilt);
    }

    public void verifyHost(DelegateExecution execution) {
      verifyHostCalls.add(new HashMap<>(execution.getVariables()));
      execution.setVariable("hostVerified", hostVerified);
      execution.setVariable("puppetAttemptsUsed", 1);
      execution.setVariable("puppetExitCode", hostVerified ? 2 : 6);
    }

    public void verifyMaster(DelegateExecution execution) {
      execution.setVariable("masterVerified", masterVerified);
      execution.setVariable("checkReport", masterVerified ? "[]" : "[{\"name\":\"containers\",\"pass\":false}]");
    }
  }

  @BeforeEach
  void registerBeans() {
    HostNamePolicy hostNames = new HostNamePolicy(Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"));
    ProtectedHosts protectedHosts =
        new ProtectedHosts(List.of("alibuild03", "alibuild09"), List.of("alibuild03"), List.of("alibuild03"));
    RebuildMasterRequest request =
        new RebuildMasterRequest(cloud::findServer, cloud, hostNames, protectedHosts, quorum, PROJECT, Set.of(PROJECT));
    Mocks.register("rebuildMasterRequest", request);
    Mocks.register("readMesosLeader", new ReadMesosLeaderDelegate(cluster));
    Mocks.register("restartLeaderMesosMaster", new RestartLeaderMesosMasterDelegate(docker, cluster));
    Mocks.register("checkLeadershipMoved", new CheckLeadershipMovedDelegate(cluster));
    Mocks.register("freezeRebuildMasterPlan", new FreezeRebuildMasterPlanDelegate());
    Mocks.register("checkQuorumBeforeRebuild", new CheckQuorumBeforeRebuildDelegate(request));
    Mocks.register("checkQuorumAfterRebuild", new CheckQuorumAfterRebuildDelegate(quorum));
    Mocks.register("qmStubs", stubs);
    Mocks.register("rebuildMaster", new RebuildMasterSettings(
        new RebuildMasterProperties(Duration.ofSeconds(5), Duration.ofMinutes(5)), new MasterQuorumProperties(Duration.ofSeconds(3))));
    Mocks.register(
        "runbooks",
        new RunbookSettings(new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS));

    when(cloud.findServer(anyString(), anyString()))
        .thenAnswer(a -> Optional.of(server(a.getArgument(1))));
    when(quorum.requireOthersHealthy(anyString()))
        .thenAnswer(a -> new MasterQuorum.Look(a.getArgument(0), List.of(), "alimesos02"));
    when(quorum.requireAllHealthy()).thenReturn(new MasterQuorum.Look(null, List.of(), "alimesos02"));
    leaderIs(TARGET);
    when(docker.restartContainer(anyString(), anyString())).thenReturn(mock(CommandResult.class));
  }

  @AfterEach
  void resetAll() {
    ClockUtil.reset();
    identityService().clearAuthentication();
    Mocks.reset();
  }

  // --- fixtures -----------------------------------------------------------------------------

  private static CloudServer server(String name) {
    CloudServer server = mock(CloudServer.class);
    when(server.id()).thenReturn("id-" + name);
    when(server.name()).thenReturn(name);
    when(server.status()).thenReturn("ACTIVE");
    return server;
  }

  private void leaderIs(String master) {
    MesosLeader leader = new MesosLeader(master, "10.0.0.1", 5050, "master@10.0.0.1:5050", master, false);
    when(cluster.leader()).thenReturn(Optional.of(leader));
    when(cluster.leadershipMovedAwayFrom(TARGET)).thenReturn(!master.equals(TARGET));
  }

  private static void as(String user) {
    identityService().setAuthentication(user, List.of(OPERATORS));
  }

  private static ProcessInstance start(String hostname) {
    as("operator1");
    try {
      return runtimeService()
          .startProcessInstanceByKey(KEY, Map.of("hostname", hostname, "reason", "root disk corrupted"));
    } finally {
      identityService().clearAuthentication();
    }
  }

  private static void discuss(ProcessInstance instance, String outcome, String handOver) {
    as("operator1");
    taskService().complete(task("user_task_discuss_with_colleagues", instance).getId(),
        Map.of("discussionOutcome", outcome, "discussionNotes", "agreed with the team on Mattermost", "leaderHandOver", handOver));
    identityService().clearAuthentication();
  }

  private static void approve(ProcessInstance instance, String user, String decision) {
    as(user);
    try {
      taskService().complete(task("user_task_approve_rebuild", instance).getId(), Map.of("approvalDecision", decision));
    } finally {
      identityService().clearAuthentication();
    }
  }

  private static void runJob(ProcessInstance instance, String activityId) {
    Job job = managementService().createJobQuery().processInstanceId(instance.getId()).activityId(activityId).singleResult();
    assertThat(job).as("job of " + activityId).isNotNull();
    managementService().executeJob(job.getId());
  }

  private static Job jobAt(ProcessInstance instance, String activityId) {
    return managementService().createJobQuery().processInstanceId(instance.getId()).activityId(activityId).singleResult();
  }

  /** Runs the jobs until the instance waits in a user task or ends (call activities included). */
  private static void runJobsToNextTask(ProcessInstance instance) {
    for (int i = 0; i < 20; i++) {
      List<Job> jobs = managementService().createJobQuery().processInstanceId(instance.getId()).executable().list();
      if (jobs.isEmpty()) {
        return;
      }
      managementService().executeJob(jobs.get(0).getId());
    }
  }

  /** Start, discussion "go" with the given hand-over choice, the leader read. */
  private ProcessInstance startedAndDiscussed(String handOver) {
    ProcessInstance instance = start(TARGET);
    discuss(instance, "go", handOver);
    runJob(instance, "service_task_read_mesos_leader");
    return instance;
  }

  // --- the guide's path ---------------------------------------------------------------------

  @Test
  void rebuildsTheLeaderAfterHandingTheLeadershipOver() {
    ProcessInstance instance = start(TARGET);
    assertThat(instance).isWaitingAt("user_task_discuss_with_colleagues")
        .variables().containsEntry("serverId", "id-alimesos01").containsEntry("initiator", "operator1");
    verify(quorum).requireOthersHealthy(TARGET);

    discuss(instance, "go", "hand-over");
    runJob(instance, "service_task_read_mesos_leader");
    assertThat(instance).variables().containsEntry("targetLeads", true).containsEntry("mesosLeader", TARGET);

    runJob(instance, "service_task_restart_leader_mesos_master");
    verify(docker).restartContainer(TARGET, "mesos-master");
    assertThat(instance).isWaitingAt("timer_wait_leader");

    // The first look: the election is still going on.
    when(cluster.leadershipMovedAwayFrom(TARGET)).thenReturn(false);
    when(cluster.leader()).thenReturn(Optional.empty());
    runJob(instance, "timer_wait_leader");
    runJob(instance, "service_task_check_leadership_moved");
    assertThat(instance).isWaitingAt("timer_wait_leader").variables().containsEntry("leadershipMoved", false);

    leaderIs("alimesos02");
    runJob(instance, "timer_wait_leader");
    runJob(instance, "service_task_check_leadership_moved");
    assertThat(instance).hasPassed("end_event_leadership_moved", "service_task_freeze_plan")
        .isWaitingAt("user_task_approve_rebuild");
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan"))
        .contains("\"hostname\" : \"alimesos01\"")
        .contains("\"serverId\" : \"id-alimesos01\"")
        .contains("done: alimesos01 no longer leads Mesos")
        .contains("ai-rebuild-vm --cc7 alimesos01");

    approve(instance, "operator2", "approve");
    runJobsToNextTask(instance);

    verify(quorum, times(2)).requireOthersHealthy(TARGET);
    verify(quorum).requireAllHealthy();
    assertThat(stubs.rebuildVmCalls).singleElement()
        .satisfies(in -> assertThat(in).containsEntry("hostname", TARGET).containsEntry("serverId", "id-alimesos01")
            .containsKeys("plan", "planHash"));
    assertThat(stubs.verifyHostCalls).singleElement()
        .satisfies(in -> assertThat(in).containsEntry("hostKeyChange", "rebuilt").containsEntry("initiator", "operator1"));
    assertThat(instance).hasPassed("call_activity_verify_master", "service_task_check_quorum_after_rebuild")
        .hasPassed("end_event_master_rebuilt").isEnded();
    assertThat(instance).variables().containsEntry("approver", "operator2").containsEntry("quorumHealthy", true);
  }

  @Test
  void endsWhenTheColleaguesSayNo() {
    ProcessInstance instance = start(TARGET);

    discuss(instance, "no-go", "skip");

    assertThat(instance).hasPassed("end_event_not_rebuilt_after_discussion").isEnded();
    verify(docker, never()).restartContainer(anyString(), anyString());
  }

  @Test
  void theDiscussionNeedsAnOutcomeAndANote() {
    ProcessInstance instance = start(TARGET);
    as("operator1");
    String task = task(instance).getId();

    assertThatThrownBy(() -> taskService().complete(task, Map.of("discussionOutcome", "go", "leaderHandOver", "skip")))
        .hasMessageContaining("discussionNotes");
    assertThatThrownBy(() -> taskService().complete(task, Map.of("discussionOutcome", "maybe", "discussionNotes", "x", "leaderHandOver", "skip")))
        .hasMessageContaining("discussionOutcome");
    assertThat(instance).isWaitingAt("user_task_discuss_with_colleagues");
  }

  @Test
  void theOperatorMaySkipTheHandOver() {
    ProcessInstance instance = startedAndDiscussed("skip");

    assertThat(instance).hasPassed("service_task_freeze_plan").isWaitingAt("user_task_approve_rebuild");
    verify(docker, never()).restartContainer(anyString(), anyString());
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan")).contains("skipped: alimesos01 leads Mesos");
  }

  @Test
  void aMasterThatDoesNotLeadNeedsNoHandOver() {
    leaderIs("alimesos02");
    ProcessInstance instance = startedAndDiscussed("hand-over");

    assertThat(instance).isWaitingAt("user_task_approve_rebuild");
    verify(docker, never()).restartContainer(anyString(), anyString());
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan")).contains("not needed: alimesos01 does not lead Mesos");
  }

  // --- refusals -----------------------------------------------------------------------------

  @Test
  void refusesToStartWhileAnotherMasterIsUnhealthy() {
    when(quorum.requireOthersHealthy(TARGET))
        .thenThrow(new PolicyViolation("Refusing to rebuild master alimesos01: ... Mesos master on alimesos03 is down."));

    assertThatThrownBy(() -> start(TARGET))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Mesos master on alimesos03 is down");
    assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(KEY).count()).isZero();
  }

  @Test
  void refusesAnAgentOrAnUnknownName() {
    doThrow(new PolicyViolation("'alibuild03' is not one of the Mesos masters [alimesos01, alimesos02, alimesos03]."))
        .when(quorum).requireMaster("alibuild03");

    assertThatThrownBy(() -> start("alibuild03"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("is not one of the Mesos masters");
    assertThatThrownBy(() -> start("alimesos01; reboot"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("not a valid server name");
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey(KEY, Map.of("hostname", TARGET)))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("reason");
    assertThat(runtimeService().createProcessInstanceQuery().processDefinitionKey(KEY).count()).isZero();
  }

  @Test
  void refusesSelfApproval() {
    ProcessInstance instance = startedAndDiscussed("skip");

    assertThatThrownBy(() -> approve(instance, "operator1", "approve")).hasMessageContaining("operator1");

    assertThat(instance).isWaitingAt("user_task_approve_rebuild");
  }

  @Test
  void aRejectedPlanEndsTheRunbook() {
    ProcessInstance instance = startedAndDiscussed("skip");

    approve(instance, "operator2", "reject");

    assertThat(instance).hasPassed("end_event_rebuild_rejected").isEnded();
    assertThat(stubs.rebuildVmCalls).isEmpty();
  }

  @Test
  void quorumLostRightBeforeTheRebuildGoesToAnOperator() {
    ProcessInstance instance = startedAndDiscussed("skip");
    approve(instance, "operator2", "approve");
    when(quorum.requireOthersHealthy(TARGET))
        .thenThrow(new QuorumUnhealthy("Refusing to rebuild master alimesos01: ZooKeeper on alimesos02 is not serving"));

    runJob(instance, "service_task_check_quorum_before_rebuild");
    // The first look refuses nothing: the BPMN lets the cluster settle, then looks again.
    assertThat(instance).isWaitingAt("timer_quorum_settle_before").variables().containsEntry("quorumLookedAgain", true);
    assertThat(task(instance)).isNull();
    runJob(instance, "timer_quorum_settle_before");
    runJob(instance, "service_task_check_quorum_before_rebuild");

    assertThat(instance).isWaitingAt("user_task_quorum_refused")
        .variables().containsEntry("stepRefusal", "Refusing to rebuild master alimesos01: ZooKeeper on alimesos02 is not serving");
    assertThat(stubs.rebuildVmCalls).isEmpty();

    reset(quorum);
    when(quorum.requireOthersHealthy(TARGET)).thenReturn(new MasterQuorum.Look(TARGET, List.of(), "alimesos02"));
    when(quorum.requireAllHealthy()).thenReturn(new MasterQuorum.Look(null, List.of(), "alimesos02"));
    as("operator1");
    taskService().complete(task(instance).getId(), Map.of("decision", "check-again", "investigationNotes", "alimesos02 zookeeper restarted"));
    identityService().clearAuthentication();
    runJobsToNextTask(instance);

    assertThat(instance).hasPassed("end_event_master_rebuilt").isEnded();
    assertThat(stubs.rebuildVmCalls).hasSize(1);
  }

  /** A leader election seen by the first look: the second, a settle window later, finds the quorum. */
  @Test
  void aQuorumThatSettlesBeforeTheSecondLookIsRebuiltWithoutAnOperator() {
    ProcessInstance instance = startedAndDiscussed("skip");
    approve(instance, "operator2", "approve");
    when(quorum.requireOthersHealthy(TARGET))
        .thenThrow(new QuorumUnhealthy("Refusing to rebuild master alimesos01: ZooKeeper on alimesos02 is not serving"))
        .thenAnswer(a -> new MasterQuorum.Look(TARGET, List.of(), "alimesos02"));

    runJob(instance, "service_task_check_quorum_before_rebuild");
    Job settle = jobAt(instance, "timer_quorum_settle_before");
    // A persisted timer of the configured window, not a sleeping thread.
    assertThat(settle.getDuedate()).isCloseTo(new java.util.Date(ClockUtil.getCurrentTime().getTime() + 3000), 1500);
    managementService().executeJob(settle.getId());
    runJobsToNextTask(instance);

    assertThat(instance).hasPassed("boundary_error_quorum_settling_before", "call_activity_rebuild_vm", "end_event_master_rebuilt")
        .hasNotPassed("user_task_quorum_refused").isEnded();
    assertThat(stubs.rebuildVmCalls).hasSize(1);
    verify(quorum, times(3)).requireOthersHealthy(TARGET); // the start check, then the two looks
  }

  @Test
  void aHostnameChangedAfterApprovalVoidsTheApproval() {
    ProcessInstance instance = startedAndDiscussed("skip");
    approve(instance, "operator2", "approve");
    runtimeService().setVariable(instance.getId(), "hostname", "alimesos02");

    runJob(instance, "service_task_check_quorum_before_rebuild");

    assertThat(instance).isWaitingAt("user_task_approve_rebuild")
        .variables().containsKey("approvalVoid").doesNotContainKey("approved");
    assertThat(stubs.rebuildVmCalls).isEmpty();
  }

  // --- the hand-over wait, its deadline and suspension --------------------------------------

  private ProcessInstance waitingForTheLeadership() {
    ProcessInstance instance = startedAndDiscussed("hand-over");
    runJob(instance, "service_task_restart_leader_mesos_master");
    assertThat(instance).isWaitingAt("timer_wait_leader");
    return instance;
  }

  @Test
  void aDeadlinePassedWhileSuspendedLooksAgainBeforeEscalating() {
    ProcessInstance instance = waitingForTheLeadership();
    runtimeService().suspendProcessInstanceById(instance.getId());
    Job deadline = jobAt(instance, "boundary_timer_hand_over_deadline");
    // Suspended for longer than the hand-over may take; meanwhile the leadership moved.
    ClockUtil.setCurrentTime(Date.from(deadline.getDuedate().toInstant().plus(Duration.ofHours(1))));
    leaderIs("alimesos02");
    assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).executable().count()).isZero();

    runtimeService().activateProcessInstanceById(instance.getId());
    // Both timers are due now; the deadline's fires first here, the worst case.
    managementService().executeJob(jobAt(instance, "boundary_timer_hand_over_deadline").getId());
    assertThat(instance).isWaitingAt("service_task_recheck_leadership");
    runJob(instance, "service_task_recheck_leadership");

    assertThat(instance).hasPassed("gateway_recheck_leadership").isWaitingAt("user_task_approve_rebuild");
    assertThat(instance).hasNotPassed("user_task_hand_over_stuck");
  }

  @Test
  void aDeadlinePassedWithTheMasterStillLeadingAsksTheOperator() {
    ProcessInstance instance = waitingForTheLeadership();
    Job deadline = jobAt(instance, "boundary_timer_hand_over_deadline");
    ClockUtil.setCurrentTime(Date.from(deadline.getDuedate().toInstant().plusSeconds(1)));

    managementService().executeJob(deadline.getId());
    runJob(instance, "service_task_recheck_leadership");

    assertThat(instance).isWaitingAt("user_task_hand_over_stuck").variables().containsEntry("leadershipMoved", false);

    as("operator1");
    taskService().complete(task(instance).getId(), Map.of("decision", "restart-again", "investigationNotes", "mesos-master hung"));
    identityService().clearAuthentication();
    runJob(instance, "service_task_restart_leader_mesos_master");
    verify(docker, times(2)).restartContainer(TARGET, "mesos-master");
    assertThat(runtimeService().getVariable(instance.getId(), "handOversRequested")).isEqualTo(2);
  }

  @Test
  void aStepStoppedAtAnIncidentResumesFromThatStepAfterARetry() {
    ProcessInstance instance = startedAndDiscussed("hand-over");
    when(docker.restartContainer(TARGET, "mesos-master"))
        .thenThrow(new HostException(HostException.Reason.CONNECTION_FAILED, TARGET, "ssh: connection refused"));
    Job restart = jobAt(instance, "service_task_restart_leader_mesos_master");
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThatThrownBy(() -> managementService().executeJob(restart.getId())).isInstanceOf(HostException.class);
    }
    Incident incident = runtimeService().createIncidentQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(incident.getActivityId()).isEqualTo("service_task_restart_leader_mesos_master");

    // The operator fixed SSH and retries the job from Cockpit (set retries).
    reset(docker);
    when(docker.restartContainer(anyString(), anyString())).thenReturn(mock(CommandResult.class));
    managementService().setJobRetries(restart.getId(), 1);
    managementService().executeJob(restart.getId());

    assertThat(runtimeService().createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
    verify(docker).restartContainer(TARGET, "mesos-master");
    assertThat(instance).isWaitingAt("timer_wait_leader").hasNotPassed("user_task_hand_over_stuck");
  }

  // --- after the rebuild --------------------------------------------------------------------

  private ProcessInstance approvedAndRunToTheEnd() {
    ProcessInstance instance = startedAndDiscussed("skip");
    approve(instance, "operator2", "approve");
    runJobsToNextTask(instance);
    return instance;
  }

  @Test
  void aPlanRebuildVmNoLongerFindsApprovedComesBackToApproval() {
    stubs.voidApproval = "'serverId' is 'id-other' but the approved plan says 'id-alimesos01'";
    ProcessInstance instance = approvedAndRunToTheEnd();

    assertThat(instance).hasPassed("boundary_error_rebuild_approval_void", "service_task_freeze_plan")
        .isWaitingAt("user_task_approve_rebuild")
        .variables().containsEntry("approvalVoid", stubs.voidApproval);
    assertThat(stubs.verifyHostCalls).isEmpty();
  }

  @Test
  void aRebuildThatDidNotHappenEnds() {
    stubs.rebuilt = false;
    ProcessInstance instance = approvedAndRunToTheEnd();
    assertThat(instance).hasPassed("end_event_not_rebuilt").isEnded();
    assertThat(stubs.verifyHostCalls).isEmpty();
  }

  @Test
  void aHostTheOperatorGaveUpOnEnds() {
    stubs.hostVerified = false;
    ProcessInstance instance = approvedAndRunToTheEnd();
    assertThat(instance).hasPassed("end_event_host_not_verified").hasNotPassed("call_activity_verify_master").isEnded();
  }

  @Test
  void aQuorumSettlingAfterTheRebuildIsLookedAtAgainAndEndsHealthy() {
    when(quorum.requireAllHealthy())
        .thenThrow(new QuorumUnhealthy("Not every master is healthy: no Mesos leader is elected."))
        .thenReturn(new MasterQuorum.Look(null, List.of(), "alimesos02"));
    ProcessInstance instance = approvedAndRunToTheEnd();
    assertThat(instance).isWaitingAt("timer_quorum_settle_after");

    runJob(instance, "timer_quorum_settle_after");
    runJobsToNextTask(instance);

    assertThat(instance).hasPassed("boundary_error_quorum_settling_after", "end_event_master_rebuilt").isEnded();
    assertThat(instance).variables().containsEntry("quorumHealthy", true).containsEntry("quorumLookedAgain", false);
    verify(quorum, times(2)).requireAllHealthy();
  }

  @Test
  void aFailedMasterChecklistOrQuorumGoesToReview() {
    stubs.masterVerified = false;
    ProcessInstance failedChecklist = approvedAndRunToTheEnd();
    assertThat(failedChecklist).isWaitingAt("user_task_review_rebuilt_master");

    stubs.masterVerified = true;
    when(quorum.requireAllHealthy()).thenThrow(new QuorumUnhealthy("Not every master is healthy: Marathon on alimesos01 is not answering."));
    ProcessInstance lostQuorum = approvedAndRunToTheEnd();
    assertThat(lostQuorum).isWaitingAt("timer_quorum_settle_after");
    runJob(lostQuorum, "timer_quorum_settle_after");
    runJobsToNextTask(lostQuorum);
    assertThat(lostQuorum).isWaitingAt("user_task_review_rebuilt_master")
        .variables().containsEntry("quorumHealthy", false)
        .containsEntry("quorumReport", "Not every master is healthy: Marathon on alimesos01 is not answering.");
    as("operator1");
    taskService().complete(task(lostQuorum).getId(), Map.of("reviewNotes", "restarted marathon by hand"));
    assertThat(lostQuorum).hasPassed("end_event_rebuilt_with_problems").isEnded();
  }
}
