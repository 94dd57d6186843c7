package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.alisw.runbooks.cli.RunbookCli;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 16: the {@code runbook} command line, run in-process against the sandbox engine on its
 * random port, over /engine-rest only: a runbook started and followed to its end (exit 0), one
 * cancelled while followed (exit 1), one that stops for a human (exit 3, the task named), four-eyes
 * approval by a second operator, and a refusal printed as the server's message (exit 2). Hosts
 * alibuild31..34 are this class's own.
 */
@SandboxTest
class RunbookCliIT {

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired CloudPort cloud;
  @TempDir Path home;

  private final List<String> started = new ArrayList<>();
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  record Run(int exitCode, String out, String err) {}

  /** {@code runbook --url http://localhost:<port> --user USER ARGS...} with RUNBOOK_PASSWORD set. */
  private Run runbook(String user, String password, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RunbookCli.Environment environment = new RunbookCli.Environment(Map.of("RUNBOOK_PASSWORD", password), home, prompt -> null,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), true);
    // A generous bound per HTTP call: 2 cores shared by the whole build.
    List<String> all = new ArrayList<>(List.of("--url", "http://localhost:" + port, "--user", user, "--timeout", "PT120S"));
    all.addAll(List.of(args));
    int code = RunbookCli.run(environment, all.toArray(String[]::new));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run operator1(String... args) throws Exception {
    return runbook("operator1", SandboxTest.OPERATOR1_PASSWORD, args);
  }

  private Run operator2(String... args) throws Exception {
    return runbook("operator2", SandboxTest.OPERATOR2_PASSWORD, args);
  }

  private String startedId(Run run) {
    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = run.out().replaceFirst("(?s)^Started [a-z-]+: (\\S+).*$", "$1");
    started.add(id);
    return id;
  }

  /**
   * The first OpenStack call of a fresh context (token, client set-up) can exceed the start check's
   * 5 s bound on a loaded machine; made here, it leaves the start checks of the tests their bound.
   */
  @BeforeEach
  void warmUpOpenStack() {
    cloud.findServer("release-testing", "alibuild01");
  }

  /** Only this class's runbooks are cancelled: the context is shared with the other ITs. */
  @AfterEach
  void cancelMine() {
    EngineRest admin = new EngineRest(rest, "admin", SandboxTest.ADMIN_PASSWORD);
    for (String id : started) {
      JsonNode instance = admin.get("/history/process-instance/" + id).getBody();
      if (instance != null && "ACTIVE".equals(instance.path("state").asText()) || instance != null && "SUSPENDED".equals(instance.path("state").asText())) {
        admin.post("/runbook/process-instance/" + id + "/cancel", Map.of("reason", "RunbookCliIT over"));
      }
    }
    background.shutdownNow();
  }

  @Test
  void startsARunbookAndFollowsItToItsEndWithExitStatus0() throws Exception {
    String id = startedId(operator1("start", "create-agent", "--var", "hostname=alibuild31", "--var", "purpose=release-validation"));

    Run follow = operator1("follow", id, "--interval", "PT0.5S");

    assertThat(follow.exitCode()).as(follow.out() + follow.err()).isEqualTo(0);
    assertThat(follow.out())
        .contains("create-agent " + id + " (started ", " by operator1)")
        .contains("provision-vm > ")
        .contains("verify-host > ")
        .contains("--- verify-host puppetAttempt1 ---", "attempt 1: exit code")
        .contains("Completed at ")
        .contains("end_event_agent_created");
    Run status = operator1("status", id);
    assertThat(status.out()).contains("state:     COMPLETED", "by operator1", "end_event_agent_created");
    assertThat(operator1("list").out()).contains("create-agent", "reboot-server");
  }

  @Test
  void aRunbookCancelledWhileFollowedExits1() throws Exception {
    dataCentre.add("alibuild32", SimulatedServer.Role.AGENT, "cern-geneva-a", "release-testing", "ACTIVE");
    String id = startedId(operator1("start", "reboot-server", "--var", "hostname=alibuild32", "--var", "reason=RunbookCliIT"));
    Future<Run> follow = background.submit(() -> operator1("follow", id, "--interval", "PT0.5S", "--no-progress"));
    await().atMost(Duration.ofSeconds(30)).until(() -> operator1("status", id).out().contains("now at:"));

    new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD)
        .post("/runbook/process-instance/" + id + "/cancel", Map.of("reason", "wrong machine"));

    Run followed = follow.get(60, TimeUnit.SECONDS);
    assertThat(followed.exitCode()).as(followed.out()).isEqualTo(1);
    assertThat(followed.out()).contains("[").contains("Hard reboot the server").containsPattern("Cancelled.*wrong machine");
  }

  @Test
  void aRunbookWaitingForAHumanExits3NamingTheTaskAndIsApprovedByASecondOperator() throws Exception {
    dataCentre.add("alibuild33", SimulatedServer.Role.AGENT, "cern-geneva-b", "release-testing", "ACTIVE");
    String id = startedId(operator1("start", "rebuild-agent", "--var", "hostname=alibuild33", "--var", "reason=RunbookCliIT"));

    Run discuss = operator1("follow", id, "--interval", "PT0.5S");
    assertThat(discuss.exitCode()).as(discuss.out() + discuss.err()).isEqualTo(3);
    assertThat(discuss.out()).contains("Waiting for a human: 'Discuss with your colleagues' (task ");
    String discussTask = taskId(discuss.out());

    // approve refuses a task that is not an approval; the discussion is a form's work.
    Run notAnApproval = operator2("approve", discussTask);
    assertThat(notAnApproval.exitCode()).isEqualTo(2);
    assertThat(notAnApproval.err()).contains("is not an approval (it takes [discussionOutcome, discussionNotes])");
    complete(discussTask, Map.of("discussionOutcome", "go", "discussionNotes", "agreed"));
    Run review = operator1("follow", id, "--interval", "PT0.5S", "--no-progress");
    assertThat(review.out()).contains("'Check the tasks the agent runs'");
    complete(taskId(review.out()), Map.of("tasksDecision", "proceed"));

    Run approval = operator1("follow", id, "--interval", "PT0.5S", "--no-progress");
    assertThat(approval.exitCode()).isEqualTo(3);
    assertThat(approval.out()).contains("Waiting for a human: 'Approve the rebuild (second operator)' (task ");
    String approvalTask = taskId(approval.out());
    assertThat(operator2("tasks", "--instance", id).out()).contains(approvalTask, "rebuild-agent", "Approve the rebuild");

    Run ownApproval = operator1("approve", approvalTask, "--notes", "mine");
    assertThat(ownApproval.exitCode()).isEqualTo(2);
    assertThat(ownApproval.err()).startsWith("Refused: ").contains("Four-eyes");

    Run approved = operator2("approve", approvalTask, "--notes", "checked the plan");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    assertThat(approved.out()).contains("Approved 'Approve the rebuild (second operator)'", "as operator2");
    EngineRest reader = new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
    JsonNode approver = reader.get("/history/variable-instance?processInstanceId=" + id + "&variableName=approver").getBody();
    assertThat(approver.get(0).get("value").asText()).isEqualTo("operator2");
    JsonNode notes = reader.get("/history/variable-instance?processInstanceId=" + id + "&variableName=approvalNotes").getBody();
    assertThat(notes.get(0).get("value").asText()).isEqualTo("checked the plan");

    assertThat(operator1("suspend", id).exitCode()).isZero();
    assertThat(operator1("status", id).out()).contains("state:     SUSPENDED");
    assertThat(operator1("resume", id).exitCode()).isZero();
  }

  @Test
  void aRefusedStartPrintsTheServersMessageAndExits2() throws Exception {
    Run refused = operator1("start", "reboot-server", "--var", "hostname=alibuild34", "--var", "reason=typo");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).startsWith("Refused: ").contains("No server named alibuild34 in OpenStack project release-testing");
    assertThat(refused.out()).doesNotContain("Started");
  }

  @Test
  void wrongCredentialsExit4AndPrintNoPassword() throws Exception {
    // Not a real account: a wrong password for operator1 would lock it for the other ITs a while.
    Run denied = runbook("cli-nobody", "not-the-password", "list");

    assertThat(denied.exitCode()).isEqualTo(4);
    assertThat(denied.err()).contains("did not accept the credentials of cli-nobody").doesNotContain("not-the-password");
  }

  private static String taskId(String followOutput) {
    return followOutput.replaceFirst("(?s)^.*Waiting for a human: '[^']*' \\(task (\\S+), .*$", "$1");
  }

  private void complete(String taskId, Map<String, String> variables) {
    EngineRest operator2 = new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
    Map<String, Object> typed = new java.util.LinkedHashMap<>();
    variables.forEach((k, v) -> typed.put(k, Map.of("value", v, "type", "String")));
    var completed = operator2.post("/task/" + taskId + "/complete", Map.of("variables", typed));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();
  }
}
