package org.alisw.runbooks.runbook.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
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
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ConfigReport;
import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.HostException;
import org.alisw.runbooks.host.HostException.Reason;
import org.alisw.runbooks.host.HostKeyCheck;
import org.alisw.runbooks.host.HostKeyReplacement;
import org.alisw.runbooks.host.HostKeyStatus;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.host.PingResult;
import org.alisw.runbooks.host.Puppet;
import org.alisw.runbooks.host.PuppetOutcome;
import org.alisw.runbooks.host.PuppetRun;
import org.alisw.runbooks.host.Reachability;
import org.alisw.runbooks.host.RemoteCommand;
import org.alisw.runbooks.host.RemoteShell;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.runbook.ReadServerStatusDelegate;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookSettings;
import org.alisw.runbooks.runbook.RunbookTimings;
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

/** Walks {@code verify-host} step by step with the cloud, the hosts and Foreman mocked. */
@Deployment(
    resources = {
      "verify-host.bpmn",
      "forms/verify-host-not-ready.form",
      "forms/verify-host-key-changed.form",
      "forms/verify-host-confirm-key.form",
      "forms/verify-host-puppet-errors.form"
    })
class VerifyHostProcessTest {

  private static final String PROJECT = "release-testing";
  private static final String HOST = "alibuild07";
  private static final String SERVER_ID = "id-alibuild07";
  private static final String OPERATORS = "alice-agile-admin";
  private static final String NEW_KEY = "SHA256:" + "n".repeat(43);
  private static final String OLD_KEY = "SHA256:" + "o".repeat(43);
  private static final int ATTEMPTS = 3;

  @RegisterExtension
  static final ProcessEngineExtension ENGINE =
      ProcessEngineExtension.builder().configurationResource("process-test.camunda.cfg.xml").build();

  private final CloudPort cloud = mock(CloudPort.class);
  private final Reachability reachability = mock(Reachability.class);
  private final KnownHosts knownHosts = mock(KnownHosts.class);
  private final RemoteShell shell = mock(RemoteShell.class);
  private final Puppet puppet = mock(Puppet.class);
  private final ConfigManagementPort foreman = mock(ConfigManagementPort.class);

  @BeforeEach
  void registerDelegates() {
    HostNamePolicy hostNames = new HostNamePolicy(Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"));
    VerifyHostRequest request = new VerifyHostRequest(cloud::findServer, hostNames, PROJECT, Set.of(PROJECT, "cloud-tests"));
    VerifyHostSettings settings =
        new VerifyHostSettings(
            new VerifyHostProperties(
                Duration.ofMinutes(20), Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(15),
                Duration.ofMinutes(15), Duration.ofSeconds(20), ATTEMPTS, Duration.ofMinutes(2), 400, 3000));
    Mocks.register("verifyHostRequest", request);
    Mocks.register("verifyHostSettings", settings);
    Mocks.register("readServerStatus", new ReadServerStatusDelegate(cloud));
    Mocks.register("pingHost", new PingHostDelegate(reachability, request));
    Mocks.register("checkHostKey", new CheckHostKeyDelegate(knownHosts, request));
    Mocks.register("readConsoleFingerprints", new ReadConsoleFingerprintsDelegate(cloud, request, settings));
    Mocks.register("trustHostKey", new TrustHostKeyDelegate(knownHosts, request));
    Mocks.register("confirmedFingerprintCheck", new ConfirmedFingerprintCheck());
    Mocks.register("hostKeyAudit", new HostKeyAudit());
    Mocks.register("sshHostname", new SshHostnameDelegate(shell, request));
    Mocks.register("runPuppetAgent", new RunPuppetAgentDelegate(puppet, request, settings));
    Mocks.register("readLastPuppetReport", new ReadLastPuppetReportDelegate(foreman));
    Mocks.register("giveUpNoteCheck", new GiveUpNoteCheck());
    Mocks.register(
        "runbooks",
        new RunbookSettings(new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS));

    serverIs("ACTIVE", null);
    when(reachability.ping(HOST)).thenReturn(ping(true));
    when(shell.run(HOST, RemoteCommand.hostname())).thenReturn(ssh(0, HOST + ".cern.ch\n"));
    when(puppet.runAgent(HOST)).thenReturn(puppetRun(0, "Notice: Applied catalog in 4.21 seconds\n", ""));
    when(knownHosts.replaceHostKey(anyString(), anyString(), any()))
        .thenAnswer(call -> new HostKeyReplacement(HOST, "alibuild07.cern.ch", "ecdsa-sha2-nistp256", List.of(OLD_KEY), call.getArgument(1)));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    identityService().clearAuthentication();
  }

  // --- Happy paths ---

  @Test
  void verifiesARebuiltHostWhoseConsoleShowsItsNewKey() {
    hostKeyIs(HostKeyStatus.CHANGED, NEW_KEY, List.of(OLD_KEY));
    consoleShows(NEW_KEY);

    ProcessInstance instance = start("rebuilt");
    drive(instance);

    assertThat(instance).isEnded().hasPassed("service_task_trust_host_key", "end_event_host_verified");
    // Keyed on this step of this instance, so that a retried job finds its replacement in the store.
    verify(knownHosts).replaceHostKey(eq(HOST), eq(NEW_KEY), eq(new org.alisw.runbooks.host.HostKeyTrust(
        "console of server " + SERVER_ID + " (cloud-init's fingerprints)", instance.getId() + "/trustHostKey/1")));
    Map<String, Object> out = historicVariables(instance);
    assertThat(out)
        .containsEntry("hostVerified", true)
        .containsEntry("puppetAttemptsUsed", 1)
        .containsEntry("puppetExitCode", 0)
        .containsEntry("hostKeyOldFingerprints", OLD_KEY)
        .containsEntry("hostKeyNewFingerprint", NEW_KEY);
    assertThat((String) out.get("hostKeyTrustedBy")).startsWith("console of server " + SERVER_ID);
    assertThat((String) out.get("puppetAttempt1")).startsWith("attempt 1: exit code 0 (CLEAN)");
  }

  @Test
  void aRebootedHostWithItsKnownKeyIsVerifiedWithoutTouchingKnownHosts() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));

    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).isEnded().hasPassed("end_event_host_verified").hasNotPassed("service_task_read_console_fingerprints");
    verify(knownHosts, never()).replaceHostKey(anyString(), anyString(), any());
    assertThat(historicVariables(instance)).containsEntry("hostVerified", true);
  }

  // --- 1. ACTIVE ---

  @Test
  void aServerInErrorGoesToAnOperatorWithNovasFaultAndWaitsAgainOnRequest() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    serverIs("ERROR", "No valid host was found. There are not enough hosts available.");
    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).isWaitingAt("user_task_server_not_active");
    assertThat(task(instance)).hasCandidateGroup(OPERATORS);
    assertThat(instance).variables().containsEntry("serverFault", "No valid host was found. There are not enough hosts available.");

    serverIs("ACTIVE", null);
    complete(task(instance), withVariables("decision", "wait-again", "verifyNotes", "hypervisor back"));
    drive(instance);
    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
  }

  @Test
  void aServerNotActiveInTimeGoesToAnOperatorWhoGivesUp() {
    serverIs("BUILD", null);
    ProcessInstance instance = start("new");
    drive(instance, 3);
    assertThat(instance).isWaitingAt("timer_wait_active");

    execute(jobAt(instance, "boundary_timer_active_timeout"));
    execute(jobAt(instance, "service_task_recheck_server_status"));
    assertThat(instance).isWaitingAt("user_task_server_not_active");
    complete(task(instance), withVariables("decision", "give-up", "verifyNotes", "stuck in BUILD"));

    assertThat(instance).isEnded().hasPassed("end_event_server_not_active_abandoned");
    assertThat(historicVariables(instance))
        .containsEntry("hostVerified", false)
        .containsEntry("puppetAttemptsUsed", 0)
        .containsEntry("puppetExitCode", null);
    verify(reachability, never()).ping(anyString());
  }

  // --- 2. Ping ---

  @Test
  void pingsAgainAfterADelayUntilTheHostAnswers() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    when(reachability.ping(HOST)).thenReturn(ping(false), ping(false), ping(true));
    ProcessInstance instance = start("unchanged");

    drive(instance, 2); // Nova, then the first ping
    assertThat(instance).isWaitingAt("timer_wait_ping");
    drive(instance);

    verify(reachability, times(3)).ping(HOST);
    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
  }

  @Test
  void aHostThatNeverAnswersPingGoesToAnOperatorAfterTheDeadline() {
    when(reachability.ping(HOST)).thenReturn(ping(false));
    ProcessInstance instance = start("new");
    drive(instance, 4);

    execute(jobAt(instance, "boundary_timer_ping_timeout"));
    execute(jobAt(instance, "service_task_recheck_ping"));
    assertThat(instance).isWaitingAt("user_task_host_not_answering_ping");
    assertThat(instance).variables().containsEntry("pingDetail", "100% packet loss");
    verify(reachability, times(3)).ping(HOST);
  }

  /** Issue 11: suspended while waiting for ACTIVE, activated after the deadline: Nova is asked again first. */
  @Test
  void aDeadlinePassedWhileSuspendedLooksAtNovaAgainAndGoesOnWhenActive() {
    serverIs("BUILD", null);
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    ProcessInstance instance = start("unchanged");
    drive(instance, 1);
    assertThat(instance).isWaitingAt("timer_wait_active");
    runtimeService().suspendProcessInstanceById(instance.getId());
    serverIs("ACTIVE", null);

    pastTheDeadlineAndActivated(instance, "boundary_timer_active_timeout", "service_task_recheck_server_status");

    assertThat(instance).hasNotPassed("user_task_server_not_active").isWaitingAt("service_task_ping_host");
    drive(instance);
    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
  }

  /** The same for the ping wait: a host that answers by now goes on to its host key, one that does not is escalated. */
  @Test
  void aPingDeadlinePassedWhileSuspendedPingsAgainBeforeEscalating() {
    when(reachability.ping(HOST)).thenReturn(ping(false), ping(true));
    ProcessInstance instance = start("new");
    drive(instance, 2);
    assertThat(instance).isWaitingAt("timer_wait_ping");
    runtimeService().suspendProcessInstanceById(instance.getId());

    pastTheDeadlineAndActivated(instance, "boundary_timer_ping_timeout", "service_task_recheck_ping");

    assertThat(instance).hasNotPassed("user_task_host_not_answering_ping").isWaitingAt("service_task_check_host_key");
    verify(reachability, times(2)).ping(HOST);
  }

  @Test
  void anSshDeadlineLooksAgainAndGoesOnToPuppetWhenRootLogsInByNow() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    ProcessInstance instance = start("unchanged");
    drive(instance, 3); // Nova, ping, host key
    assertThat(instance).isWaitingAt("service_task_ssh_hostname");
    runtimeService().suspendProcessInstanceById(instance.getId());

    pastTheDeadlineAndActivated(instance, "boundary_timer_ssh_timeout", "service_task_recheck_ssh");

    assertThat(instance).hasNotPassed("user_task_ssh_not_answering").isWaitingAt("service_task_run_puppet_agent");
  }

  /** The host-key wait: a key seen by now goes on through gateway_join_host_key_seen as the loop would. */
  @Test
  void aHostKeyDeadlineLooksAgainAndGoesOnWhenTheDaemonAnswersByNow() {
    when(knownHosts.checkHostKey(HOST))
        .thenThrow(new HostException(Reason.CONNECTION_FAILED, HOST, "connection refused"))
        .thenReturn(new HostKeyCheck(HOST, "alibuild07.cern.ch", "ecdsa-sha2-nistp256", OLD_KEY, HostKeyStatus.TRUSTED, List.of(OLD_KEY)));
    ProcessInstance instance = start("unchanged");
    drive(instance, 3); // Nova, ping, the first key check
    assertThat(instance).isWaitingAt("timer_wait_host_key");
    runtimeService().suspendProcessInstanceById(instance.getId());

    pastTheDeadlineAndActivated(instance, "boundary_timer_host_key_timeout", "service_task_recheck_host_key");

    assertThat(instance).hasPassed("gateway_join_host_key_seen", "gateway_host_key_trusted")
        .hasNotPassed("user_task_host_key_not_readable").isWaitingAt("service_task_ssh_hostname");
    drive(instance);
    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
  }

  /** Still no daemon: the operator is asked; a reboot's changed key seen on the look again is never trusted. */
  @Test
  void aHostKeyDeadlineStillEscalatesAndAChangedKeySeenThenGoesToItsOperator() {
    when(knownHosts.checkHostKey(HOST)).thenThrow(new HostException(Reason.CONNECTION_FAILED, HOST, "connection refused"));
    ProcessInstance unreachable = start("unchanged");
    drive(unreachable, 3);
    execute(jobAt(unreachable, "boundary_timer_host_key_timeout"));
    execute(jobAt(unreachable, "service_task_recheck_host_key"));
    assertThat(unreachable).isWaitingAt("user_task_host_key_not_readable");

    org.mockito.Mockito.doThrow(new HostException(Reason.CONNECTION_FAILED, HOST, "connection refused"))
        .doReturn(new HostKeyCheck(HOST, "alibuild07.cern.ch", "ecdsa-sha2-nistp256", NEW_KEY, HostKeyStatus.CHANGED, List.of(OLD_KEY)))
        .when(knownHosts).checkHostKey(HOST);
    ProcessInstance changed = start("unchanged");
    drive(changed, 3);
    execute(jobAt(changed, "boundary_timer_host_key_timeout"));
    execute(jobAt(changed, "service_task_recheck_host_key"));
    assertThat(changed).hasPassed("boundary_error_recheck_host_key_changed").isWaitingAt("user_task_host_key_changed");
    verify(knownHosts, never()).replaceHostKey(anyString(), anyString(), any());
  }

  private void pastTheDeadlineAndActivated(ProcessInstance instance, String deadline, String recheck) {
    try {
      ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofHours(3))));
      assertThat(managementService().createJobQuery().processInstanceId(instance.getId()).activityId(deadline)
          .duedateLowerThan(ClockUtil.getCurrentTime()).suspended().count()).isEqualTo(1);
      runtimeService().activateProcessInstanceById(instance.getId());
      execute(jobAt(instance, deadline));
      execute(jobAt(instance, recheck));
    } finally {
      ClockUtil.reset();
    }
  }

  // --- 3. Host key ---

  @Test
  void aNewKeyTheConsoleDoesNotShowWaitsForAnOperatorsConfirmation() {
    hostKeyIs(HostKeyStatus.UNKNOWN, NEW_KEY, List.of());
    when(cloud.consoleOutput(PROJECT, SERVER_ID, 400)).thenReturn("[   24.6] cloud-init[1037]: no user-data provided\nalibuild07 login:\n");
    ProcessInstance instance = start("new");
    drive(instance);

    assertThat(instance).isWaitingAt("user_task_confirm_host_key");
    assertThat(instance).variables().containsEntry("consoleFingerprints", "").containsEntry("presentedFingerprint", NEW_KEY);
    verify(knownHosts, never()).replaceHostKey(anyString(), anyString(), any());

    identityService().setAuthenticatedUserId("operator1");
    complete(task(instance), withVariables("decision", "trust", "confirmedFingerprint", NEW_KEY + "="));
    identityService().clearAuthentication();
    drive(instance);

    verify(knownHosts).replaceHostKey(eq(HOST), eq(NEW_KEY + "="), any());
    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
    assertThat(historicVariables(instance))
        .containsEntry("hostKeyTrustedBy", "operator operator1")
        .containsEntry("hostKeyNewFingerprint", NEW_KEY + "=");
  }

  @Test
  void aWrongFingerprintIsRefusedTheTaskStaysOpenAndKnownHostsIsUntouched() {
    hostKeyIs(HostKeyStatus.UNKNOWN, NEW_KEY, List.of());
    consoleShows(OLD_KEY); // the console shows another key: someone in the middle?
    ProcessInstance instance = start("new");
    drive(instance);
    assertThat(instance).isWaitingAt("user_task_confirm_host_key");
    String taskId = task(instance).getId();

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of("decision", "trust", "confirmedFingerprint", OLD_KEY)))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("is not the one the host presents (" + NEW_KEY + ")")
        .hasMessageContaining("known_hosts unchanged");
    assertThatThrownBy(() -> taskService().complete(taskId, Map.of("decision", "trust")))
        .hasRootCauseInstanceOf(RequestRejected.class);

    assertThat(taskService().createTaskQuery().taskId(taskId).count()).isOne();
    verify(knownHosts, never()).replaceHostKey(anyString(), anyString(), any());

    complete(task(instance), withVariables("decision", "give-up", "verifyNotes", "console shows another key"));
    assertThat(instance).isEnded().hasPassed("end_event_host_key_rejected");
    assertThat(historicVariables(instance)).containsEntry("hostVerified", false);
    verify(knownHosts, never()).replaceHostKey(anyString(), anyString(), any());
  }

  @Test
  void aKeyTheHostNoLongerPresentsWhenTrustingGoesBackToTheOperator() {
    hostKeyIs(HostKeyStatus.UNKNOWN, NEW_KEY, List.of());
    consoleShows(NEW_KEY);
    when(knownHosts.replaceHostKey(eq(HOST), eq(NEW_KEY), any()))
        .thenThrow(new HostException(Reason.HOST_KEY_NOT_CONFIRMED, HOST, "presents SHA256:xyz, not the confirmed " + NEW_KEY + "; known_hosts unchanged"));
    ProcessInstance instance = start("new");
    drive(instance);

    assertThat(instance).hasPassed("boundary_error_trust_refused").isWaitingAt("user_task_confirm_host_key");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("known_hosts unchanged");
    assertThat(runtimeService().createIncidentQuery().count()).isZero();
  }

  /** The job failed after known_hosts was written: the retry must not record the new key as the old one. */
  @Test
  void aRetriedTrustStepStillRecordsWhatKnownHostsHeldBefore() {
    hostKeyIs(HostKeyStatus.CHANGED, NEW_KEY, List.of(OLD_KEY));
    consoleShows(NEW_KEY);
    when(knownHosts.replaceHostKey(eq(HOST), eq(NEW_KEY), any()))
        .thenThrow(new HostException(Reason.CONNECTION_FAILED, HOST, "connection reset after the file was written"))
        .thenReturn(new HostKeyReplacement(HOST, "alibuild07.cern.ch", "ecdsa-sha2-nistp256", List.of(NEW_KEY), NEW_KEY));
    ProcessInstance instance = start("rebuilt");
    drive(instance, 4); // Nova, ping, the key, the console

    Job trust = jobAt(instance, "service_task_trust_host_key");
    assertThatThrownBy(() -> managementService().executeJob(trust.getId())).hasMessageContaining("connection reset");
    drive(instance);

    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
    assertThat(historicVariables(instance)).containsEntry("hostKeyOldFingerprints", OLD_KEY).containsEntry("hostKeyNewFingerprint", NEW_KEY);
  }

  @Test
  void aChangedKeyOnAnUnchangedHostGoesToAnOperatorAndIsNeverTrusted() {
    hostKeyIs(HostKeyStatus.CHANGED, NEW_KEY, List.of(OLD_KEY));
    consoleShows(NEW_KEY); // even a console showing it does not make a reboot's new key trusted
    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).hasPassed("boundary_error_host_key_changed").isWaitingAt("user_task_host_key_changed");
    assertThat((String) runtimeService().getVariable(instance.getId(), "hostKeyProblem"))
        .contains(NEW_KEY).contains(OLD_KEY).contains("Not trusted");
    verify(knownHosts, never()).replaceHostKey(anyString(), anyString(), any());
    verify(cloud, never()).consoleOutput(anyString(), anyString(), org.mockito.ArgumentMatchers.anyInt());

    // Fixed by hand (say, the disk was replaced on purpose): the check now finds the key trusted.
    hostKeyIs(HostKeyStatus.TRUSTED, NEW_KEY, List.of(NEW_KEY));
    complete(task(instance), withVariables("decision", "check-again", "verifyNotes", "disk replaced by the cloud team, known_hosts fixed"));
    drive(instance);
    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
    verify(knownHosts, never()).replaceHostKey(anyString(), anyString(), any());
  }

  @Test
  void anSshDaemonNotAnsweringYetIsLookedAtAgain() {
    when(knownHosts.checkHostKey(HOST))
        .thenThrow(new HostException(Reason.CONNECTION_FAILED, HOST, "connection refused"))
        .thenReturn(new HostKeyCheck(HOST, "alibuild07.cern.ch", "ecdsa-sha2-nistp256", OLD_KEY, HostKeyStatus.TRUSTED, List.of(OLD_KEY)));
    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).isEnded().hasPassed("timer_wait_host_key", "end_event_host_verified");
  }

  // --- 4. SSH ---

  @Test
  void sshIsTriedAgainUntilRootGetsIn() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    when(shell.run(HOST, RemoteCommand.hostname()))
        .thenThrow(new HostException(Reason.AUTHENTICATION_FAILED, HOST, "root's key not installed yet"))
        .thenReturn(ssh(0, HOST + "\n"));
    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).isEnded().hasPassed("timer_wait_ssh", "end_event_host_verified");
    verify(shell, times(2)).run(HOST, RemoteCommand.hostname());
  }

  @Test
  void anotherMachineAnsweringSshGoesToAnOperator() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    when(shell.run(HOST, RemoteCommand.hostname())).thenReturn(ssh(0, "alibuild08\n"));
    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).isWaitingAt("user_task_ssh_not_answering");
    assertThat((String) runtimeService().getVariable(instance.getId(), "stepRefusal")).contains("calls itself 'alibuild08'");
    verify(puppet, never()).runAgent(anyString());
  }

  // --- 5. Puppet ---

  @Test
  void runsPuppetAgainUntilItConvergesOnTheThirdAttempt() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    when(puppet.runAgent(HOST))
        .thenReturn(puppetRun(4, "Notice: Applied catalog\n", "Error: Could not evaluate: Package[mesos]\n"))
        .thenReturn(puppetRun(6, "", "Error: dependency cycle\n"))
        .thenReturn(puppetRun(2, "Notice: Applied catalog in 4.21 seconds\n", ""));
    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).isEnded().hasPassed("timer_puppet_retry", "end_event_host_verified");
    Map<String, Object> out = historicVariables(instance);
    assertThat(out).containsEntry("hostVerified", true).containsEntry("puppetAttemptsUsed", 3).containsEntry("puppetExitCode", 2);
    assertThat((String) out.get("puppetAttempt1")).startsWith("attempt 1: exit code 4 (FAILED)").contains("Package[mesos]");
    assertThat((String) out.get("puppetAttempt2")).startsWith("attempt 2: exit code 6 (FAILED)");
    assertThat((String) out.get("puppetAttempt3")).startsWith("attempt 3: exit code 2 (CLEAN)");
  }

  @Test
  void aRunThatDidNotHappenIsCountedAndShownWithItsReason() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    when(puppet.runAgent(HOST))
        .thenReturn(puppetRun(1, "Notice: Run of Puppet configuration client already in progress; skipping  (/opt/puppetlabs/puppet/cache/state/agent_catalog_run.lock exists)\n", ""))
        .thenReturn(puppetRun(0, "", ""));
    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
    Map<String, Object> out = historicVariables(instance);
    assertThat(out).containsEntry("puppetAttemptsUsed", 2);
    assertThat((String) out.get("puppetAttempt1"))
        .startsWith("attempt 1: exit code 1 (ERROR)")
        .contains("did not run: another puppet run is in progress");
  }

  @Test
  void puppetNeverConvergingGoesToReportTheErrorsAndARetryGrantsAsManyRunsAgain() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    when(puppet.runAgent(HOST)).thenReturn(puppetRun(6, "", "Error: Could not apply complete catalog\n"));
    when(foreman.lastReport(HOST))
        .thenReturn(Optional.of(new ConfigReport(42, "alibuild07.cern.ch", "2026-12-03T06:00:00Z", 3, 0, 1, 0, 0, 0,
            List.of(new ConfigReport.ReportLog("err", "Package[mesos]", "Could not evaluate")))));
    ProcessInstance instance = start("unchanged");
    drive(instance);

    assertThat(instance).isWaitingAt("user_task_report_puppet_errors");
    verify(puppet, times(ATTEMPTS)).runAgent(HOST);
    assertThat(instance).variables().containsEntry("puppetAttemptsUsed", ATTEMPTS).containsEntry("puppetExitCode", 6);
    assertThat((String) runtimeService().getVariable(instance.getId(), "foremanReport"))
        .contains("Report 42").contains("failed 1").contains("err Package[mesos]: Could not evaluate");
    assertThat((String) runtimeService().getVariable(instance.getId(), "puppetLastOutput")).contains("Could not apply complete catalog");

    when(puppet.runAgent(HOST))
        .thenReturn(puppetRun(6, "", "Error: again\n"))
        .thenReturn(puppetRun(0, "", ""));
    complete(task(instance), withVariables("decision", "retry"));
    drive(instance);

    assertThat(instance).isEnded().hasPassed("end_event_host_verified");
    assertThat(historicVariables(instance)).containsEntry("puppetAttemptsUsed", ATTEMPTS + 2).containsEntry("hostVerified", true);
  }

  @Test
  void givingUpOnPuppetNeedsANoteAndEndsNotVerified() {
    hostKeyIs(HostKeyStatus.TRUSTED, OLD_KEY, List.of(OLD_KEY));
    when(puppet.runAgent(HOST)).thenReturn(puppetRun(4, "", "Error: failing\n"));
    when(foreman.lastReport(HOST)).thenReturn(Optional.empty());
    ProcessInstance instance = start("unchanged");
    drive(instance);
    assertThat(instance).isWaitingAt("user_task_report_puppet_errors");
    assertThat((String) runtimeService().getVariable(instance.getId(), "foremanReport")).contains("no report");

    assertThatThrownBy(() -> complete(task(instance), withVariables("decision", "give-up")))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("needs a note");
    complete(task(instance), withVariables("decision", "give-up", "puppetNotes", "reported in ALIBUILD-123"));

    assertThat(instance).isEnded().hasPassed("end_event_puppet_failed");
    assertThat(historicVariables(instance))
        .containsEntry("hostVerified", false)
        .containsEntry("puppetAttemptsUsed", ATTEMPTS)
        .containsEntry("puppetExitCode", 4)
        .containsEntry("puppetNotes", "reported in ALIBUILD-123");
  }

  // --- Start checks ---

  @Test
  void refusesAnUnknownHostKeyExpectationBeforeStarting() {
    assertThatThrownBy(
            () -> runtimeService().startProcessInstanceByKey("verify-host",
                Map.of("hostname", HOST, "project", PROJECT, "serverId", SERVER_ID, "hostKeyChange", "whatever")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("hostKeyChange = new (just created), rebuilt (root disk rebuilt) or unchanged");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void startedOnItsOwnItLooksTheServerUpByName() {
    when(cloud.findServer(PROJECT, HOST)).thenReturn(Optional.of(server("ACTIVE", null)));
    ProcessInstance instance =
        runtimeService().startProcessInstanceByKey("verify-host", Map.of("hostname", HOST, "hostKeyChange", "unchanged"));
    assertThat(instance).variables().containsEntry("serverId", SERVER_ID).containsEntry("project", PROJECT).containsEntry("hostVerified", false);
  }

  // --- Fixtures ---

  private ProcessInstance start(String hostKeyChange) {
    return runtimeService()
        .startProcessInstanceByKey(
            "verify-host",
            "reboot-42",
            Map.of("hostname", HOST, "project", PROJECT, "serverId", SERVER_ID, "hostKeyChange", hostKeyChange, "initiator", "operator1"));
  }

  /** Runs due steps (async continuations and loop timers, not deadlines) until a human or the end. */
  private void drive(ProcessInstance instance) {
    drive(instance, 100);
  }

  private void drive(ProcessInstance instance, int maxJobs) {
    for (int i = 0; i < maxJobs; i++) {
      Optional<Job> next =
          managementService().createJobQuery().processInstanceId(instance.getId()).list().stream()
              .filter(j -> j.getRetries() > 0)
              .filter(j -> !managementService().createJobDefinitionQuery().jobDefinitionId(j.getJobDefinitionId()).singleResult()
                  .getActivityId().startsWith("boundary_"))
              .findFirst();
      if (next.isEmpty()) {
        return;
      }
      execute(next.get());
    }
  }

  private Job jobAt(ProcessInstance instance, String activityId) {
    Job job = managementService().createJobQuery().processInstanceId(instance.getId()).activityId(activityId).singleResult();
    assertThat(job).as("job at " + activityId).isNotNull();
    return job;
  }

  private static Map<String, Object> historicVariables(ProcessInstance instance) {
    Map<String, Object> values = new HashMap<>();
    historyService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).list()
        .forEach(v -> values.put(v.getName(), v.getValue()));
    return values;
  }

  private void serverIs(String status, String fault) {
    when(cloud.server(PROJECT, SERVER_ID)).thenReturn(Optional.of(server(status, fault)));
  }

  private static CloudServer server(String status, String fault) {
    return new CloudServer(SERVER_ID, HOST, status, "cern-geneva-a", Map.of(), fault);
  }

  private void hostKeyIs(HostKeyStatus status, String presented, List<String> known) {
    when(knownHosts.checkHostKey(HOST))
        .thenReturn(new HostKeyCheck(HOST, "alibuild07.cern.ch", "ecdsa-sha2-nistp256", presented, status, known));
  }

  private void consoleShows(String fingerprint) {
    when(cloud.consoleOutput(PROJECT, SERVER_ID, 400))
        .thenReturn(
            "[   24.6] cloud-init[1037]: user-data part 1: puppetinit\n"
                + "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\n"
                + "ec2: 256 " + fingerprint + " root@alibuild07 (ECDSA)\n"
                + "ec2: -----END SSH HOST KEY FINGERPRINTS-----\n"
                + "alibuild07 login:\n");
  }

  private static PingResult ping(boolean answers) {
    return new PingResult(HOST, "alibuild07.cern.ch", "icmp", answers, 3, answers ? 3 : 0, answers ? 0.4 : null,
        answers ? "3 packets transmitted, 3 received" : "100% packet loss");
  }

  private static CommandResult ssh(int exit, String stdout) {
    return new CommandResult(HOST, "hostname", exit, null, stdout, "", false, false, 120);
  }

  private static PuppetRun puppetRun(int exit, String output, String errors) {
    PuppetOutcome outcome = exit == 0 || exit == 2 ? PuppetOutcome.CLEAN : exit == 4 || exit == 6 ? PuppetOutcome.FAILED : PuppetOutcome.ERROR;
    return new PuppetRun(HOST, outcome, exit, exit == 2 || exit == 6, output, errors, false, 61_000);
  }
}
