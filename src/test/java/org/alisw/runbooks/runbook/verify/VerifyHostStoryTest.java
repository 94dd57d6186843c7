package org.alisw.runbooks.runbook.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ConfigReport;
import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.HostKeyCheck;
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
import org.alisw.runbooks.runbook.RunbookSettings;
import org.alisw.runbooks.runbook.RunbookTimings;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: verify-host's human tasks tell what the checks saw in plain words: each puppet run,
 * the end of the last output and Foreman's report when puppet does not converge; the ping that
 * did not answer; and what the operator decided in an earlier round.
 */
@Deployment(
    resources = {
      "verify-host.bpmn",
      "forms/verify-host-not-ready.form",
      "forms/verify-host-key-changed.form",
      "forms/verify-host-confirm-key.form",
      "forms/verify-host-puppet-errors.form"
    })
class VerifyHostStoryTest {

  private static final String PROJECT = "release-testing";
  private static final String HOST = "alibuild07";
  private static final String SERVER_ID = "id-alibuild07";
  private static final String KEY = "SHA256:" + "o".repeat(43);

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
    VerifyHostRequest request = new VerifyHostRequest(cloud::findServer, hostNames, PROJECT, Set.of(PROJECT));
    VerifyHostSettings settings = new VerifyHostSettings(new VerifyHostProperties(
        Duration.ofMinutes(20), Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(15),
        Duration.ofMinutes(15), Duration.ofSeconds(20), 2, Duration.ofMinutes(2), 400, 3000));
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
    Mocks.register("runbooks", new RunbookSettings(new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), "alice-agile-admin"));

    when(cloud.server(PROJECT, SERVER_ID)).thenReturn(Optional.of(new CloudServer(SERVER_ID, HOST, "ACTIVE", "cern-geneva-a", Map.of(), null)));
    when(reachability.ping(HOST)).thenReturn(new PingResult(HOST, "alibuild07.cern.ch", "icmp", true, 3, 3, 0.4, "3 packets transmitted, 3 received"));
    when(knownHosts.checkHostKey(HOST)).thenReturn(new HostKeyCheck(HOST, "alibuild07.cern.ch", "ecdsa-sha2-nistp256", KEY, HostKeyStatus.TRUSTED, List.of(KEY)));
    when(shell.run(HOST, RemoteCommand.hostname())).thenReturn(new CommandResult(HOST, "hostname", 0, null, HOST + ".cern.ch\n", "", false, false, 120));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    identityService().clearAuthentication();
  }

  @Test
  void thePuppetReportTellsEachRunAndForemansReport() {
    when(puppet.runAgent(HOST)).thenReturn(puppetRun(6, "Error: Could not apply complete catalog: Package[mesos] failed\n"));
    when(foreman.lastReport(HOST)).thenReturn(Optional.of(new ConfigReport(42, "alibuild07.cern.ch", "2026-12-03T06:00:00Z", 3, 0, 1, 0, 0, 0,
        List.of(new ConfigReport.ReportLog("err", "Package[mesos]", "Could not evaluate")))));
    ProcessInstance instance = start();
    drive(instance);

    assertThat(instance).isWaitingAt("user_task_report_puppet_errors");
    assertThat(task(instance).getDescription())
        .contains("\"Check in Foreman if there are any puppet errors\": puppet did not converge")
        .contains("Started by operator1 on ")
        .contains("## Puppet runs (2 so far)")
        .contains("- attempt 1: exit code 6 (FAILED), 61 s")
        .contains("- attempt 2: exit code 6 (FAILED), 61 s")
        .contains("Output of the last run:\n    ")
        .contains("Could not apply complete catalog: Package[mesos] failed")
        .contains("Foreman's latest report:")
        .contains("err Package[mesos]: Could not evaluate")
        .contains("Ping: 3 packets transmitted, 3 received");
  }

  @Test
  void aSecondRoundTellsWhatWasDecidedInTheFirst() {
    when(puppet.runAgent(HOST)).thenReturn(puppetRun(6, "Error: still broken\n"));
    when(foreman.lastReport(HOST)).thenReturn(Optional.empty());
    ProcessInstance instance = start();
    drive(instance);
    identityService().setAuthenticatedUserId("operator2");
    complete(task(instance), withVariables("decision", "retry", "puppetNotes", "cleaned the yum cache"));
    identityService().clearAuthentication();
    drive(instance);

    assertThat(instance).isWaitingAt("user_task_report_puppet_errors");
    assertThat(task(instance).getDescription())
        .contains("- Report the puppet errors: operator2, ")
        .contains("decision: retry; puppet notes: cleaned the yum cache")
        .contains("## Puppet runs (4 so far)")
        .contains("- attempt 4: exit code 6 (FAILED)");
  }

  @Test
  void theHostThatDoesNotAnswerPingIsTold() {
    when(reachability.ping(HOST)).thenReturn(new PingResult(HOST, "alibuild07.cern.ch", "icmp", false, 3, 0, null, "100% packet loss"));
    ProcessInstance instance = start();
    drive(instance);
    execute(jobAt(instance, "boundary_timer_ping_timeout"));
    drive(instance);

    assertThat(instance).isWaitingAt("user_task_host_not_answering_ping");
    assertThat(task(instance).getDescription())
        .contains("\"Ping it\": the host does not answer ping")
        .contains("- Nova: ACTIVE")
        .contains("- Ping: 100% packet loss")
        .doesNotContain("## Puppet runs");
  }

  private ProcessInstance start() {
    return runtimeService().startProcessInstanceByKey("verify-host", "story-1",
        Map.of("hostname", HOST, "project", PROJECT, "serverId", SERVER_ID, "hostKeyChange", "unchanged", "initiator", "operator1"));
  }

  /** Runs due steps (async continuations and loop timers, not deadlines) until a human or the end. */
  private void drive(ProcessInstance instance) {
    for (int i = 0; i < 100; i++) {
      Optional<Job> next = managementService().createJobQuery().processInstanceId(instance.getId()).list().stream()
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
    return managementService().createJobQuery().processInstanceId(instance.getId()).activityId(activityId).singleResult();
  }

  private static PuppetRun puppetRun(int exit, String errors) {
    PuppetOutcome outcome = exit == 0 || exit == 2 ? PuppetOutcome.CLEAN : exit == 4 || exit == 6 ? PuppetOutcome.FAILED : PuppetOutcome.ERROR;
    return new PuppetRun(HOST, outcome, exit, exit == 2 || exit == 6, "", errors, false, 61_000);
  }
}
