package org.alisw.runbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument parsing, what goes over the wire and what is printed, against a canned engine. */
class RunbookCliTest {

  private static final Map<String, String> ENV = Map.of("RUNBOOK_PASSWORD", "pw-1");

  @TempDir Path home;
  private FakeEngine engine;

  @BeforeEach
  void start() throws Exception {
    engine = new FakeEngine();
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private FakeEngine.Run run(String... args) {
    return FakeEngine.run(ENV, home, args);
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    FakeEngine.Run help = run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("list", "start", "status", "follow", "tasks", "approve", "reject", "suspend", "resume")
        .contains("3 waiting for a human");
    FakeEngine.Run startHelp = run("start", "--help");
    assertThat(startHelp.exitCode()).isZero();
    assertThat(startHelp.out()).contains("--var=NAME=VALUE", "--follow");
  }

  @Test
  void aPasswordOptionDoesNotExistAndBadUsageExits64() {
    FakeEngine.Run withPassword = run("--url", engine.url(), "--user", "operator1", "--password", "x", "list");
    assertThat(withPassword.exitCode()).isEqualTo(Exit.USAGE);
    assertThat(withPassword.err()).contains("Unknown options: '--password'");
    assertThat(run("start").exitCode()).isEqualTo(Exit.USAGE);
    assertThat(engine.requests).isEmpty();
  }

  @Test
  void listPrintsATableAndAuthenticatesWithBasicAuth() {
    engine.on("GET /process-definition?latestVersion=true&sortBy=key&sortOrder=asc", 200, """
        [{"key":"delete-vm","version":3,"name":"Delete a VM","suspended":false},
         {"key":"reboot-server","version":12,"name":"Reboot server","suspended":false}]""");

    FakeEngine.Run list = run("--url", engine.url(), "--user", "operator1", "list");

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out().lines()).containsExactly(
        "KEY            VERSION  STATE   NAME",
        "delete-vm      3        active  Delete a VM",
        "reboot-server  12       active  Reboot server");
    assertThat(engine.requests.get(0).authorization())
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("operator1:pw-1".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void startSendsEachVarAsTextAndOptionsMayFollowTheCommand() throws Exception {
    engine.on("POST /process-definition/key/reboot-server/start", 200, "{\"id\":\"pi-1\"}");

    FakeEngine.Run start = run("start", "reboot-server", "--var", "hostname=alibuild07", "--var", "reason=hangs, badly",
        "--url", engine.url(), "--user", "operator1");

    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).contains("Started reboot-server: pi-1");
    JsonNode body = new ObjectMapper().readTree(engine.requests.get(0).body());
    assertThat(body.at("/variables/hostname/value").asText()).isEqualTo("alibuild07");
    assertThat(body.at("/variables/hostname/type").asText()).isEqualTo("String");
    assertThat(body.at("/variables/reason/value").asText()).isEqualTo("hangs, badly");
  }

  @Test
  void aRefusalPrintsTheServersMessageAndExits2() {
    engine.on("POST /process-definition/key/reboot-server/start", 500,
        "{\"type\":\"RequestRejected\",\"message\":\"No server named alibuild99 in OpenStack project release-testing\"}");

    FakeEngine.Run refused = run("--url", engine.url(), "--user", "operator1", "start", "reboot-server", "--var", "hostname=alibuild99");

    assertThat(refused.exitCode()).isEqualTo(Exit.REFUSED);
    assertThat(refused.err().strip()).isEqualTo("Refused: No server named alibuild99 in OpenStack project release-testing");
    assertThat(refused.out()).doesNotContain("Started");
  }

  @Test
  void rejectedCredentialsAndAnUnreachableEngineExit4() {
    engine.on("GET /task?sortBy=created&sortOrder=asc", 401, "");
    FakeEngine.Run unauthorized = run("--url", engine.url(), "--user", "operator1", "tasks");
    assertThat(unauthorized.exitCode()).isEqualTo(Exit.NOT_CONNECTED);
    assertThat(unauthorized.err()).contains("did not accept the credentials of operator1").doesNotContain("pw-1");

    String url = engine.url();
    engine.close();
    FakeEngine.Run unreachable = run("--url", url, "--user", "operator1", "tasks");
    assertThat(unreachable.exitCode()).isEqualTo(Exit.NOT_CONNECTED);
    assertThat(unreachable.err()).contains("Cannot reach the engine at " + url + "/engine-rest");
  }

  @Test
  void tasksAreATable() {
    engine.on("GET /task?sortBy=created&sortOrder=asc", 200, """
        [{"id":"t-1","name":"Approve the rebuild","processDefinitionId":"rebuild-agent:4:abc","processInstanceId":"pi-2",
          "assignee":null,"created":"2026-12-03T10:02:03.000+0000"}]""");

    FakeEngine.Run tasks = run("--url", engine.url(), "--user", "operator2", "tasks");

    assertThat(tasks.out().lines()).containsExactly(
        "TASK  RUNBOOK        INSTANCE  ASSIGNEE  CREATED              NAME",
        "t-1   rebuild-agent  pi-2      -         2026-12-03 10:02:03  Approve the rebuild");
  }

  @Test
  void suspendAndResumePutTheFlag() {
    engine.on("PUT /process-instance/pi-3/suspended", 204, "");
    engine.on("GET /process-instance/pi-3", 200, "{\"id\":\"pi-3\",\"suspended\":false}");

    assertThat(run("--url", engine.url(), "--user", "operator1", "suspend", "pi-3").out()).contains("Suspended pi-3");
    assertThat(run("--url", engine.url(), "--user", "operator1", "resume", "pi-3").out()).contains("Resumed pi-3");
    assertThat(engine.requests).filteredOn(r -> r.method().equals("PUT")).extracting(FakeEngine.Request::body)
        .containsExactly("{\"suspended\":true}", "{\"suspended\":false}");
  }

  @Test
  void suspendingARunbookThatHasEndedIsRefused() {
    FakeEngine.Run ended = run("--url", engine.url(), "--user", "operator1", "suspend", "pi-gone");

    assertThat(ended.exitCode()).isEqualTo(Exit.REFUSED);
    assertThat(ended.err()).contains("No running runbook instance pi-gone");
    assertThat(engine.requests).noneMatch(r -> r.method().equals("PUT"));
  }

  @Test
  void approveClaimsThenCompletesWithTheDecisionTheBpmnNames() throws Exception {
    engine.on("GET /task/t-1", 200, """
        {"id":"t-1","name":"Approve the rebuild","processDefinitionId":"rebuild-agent:4:abc","processInstanceId":"pi-2",
         "taskDefinitionKey":"user_task_approve_rebuild","assignee":null}""");
    engine.on("GET /process-definition/rebuild-agent%3A4%3Aabc/xml", 200,
        new ObjectMapper().writeValueAsString(Map.of("bpmn20Xml", ApprovalXml.REBUILD)));
    engine.on("POST /task/t-1/claim", 204, "");
    engine.on("POST /task/t-1/complete", 204, "");

    FakeEngine.Run approved = run("--url", engine.url(), "--user", "operator2", "approve", "t-1", "--notes", "looks right");

    assertThat(approved.exitCode()).as(approved.err()).isZero();
    assertThat(approved.out()).contains("Approved 'Approve the rebuild' (task t-1) as operator2");
    assertThat(engine.requests.get(2).body()).isEqualTo("{\"userId\":\"operator2\"}");
    JsonNode completion = new ObjectMapper().readTree(engine.requests.get(3).body());
    assertThat(completion.at("/variables/approvalDecision/value").asText()).isEqualTo("approve");
    assertThat(completion.at("/variables/approvalNotes/value").asText()).isEqualTo("looks right");
  }

  @Test
  void aRefusedCompletionLeavesTheTaskUnclaimedAndPrintsWhy() {
    engine.on("GET /task/t-1", 200, """
        {"id":"t-1","name":"Approve the rebuild","processDefinitionId":"rebuild-agent:4:abc","processInstanceId":"pi-2",
         "taskDefinitionKey":"user_task_approve_rebuild","assignee":null}""");
    engine.on("GET /process-definition/rebuild-agent%3A4%3Aabc/xml", 200, "{\"bpmn20Xml\":" + quote(ApprovalXml.REBUILD) + "}");
    engine.on("POST /task/t-1/claim", 204, "");
    engine.on("POST /task/t-1/complete", 500, "{\"message\":\"The plan shown is not the frozen plan\"}");
    engine.on("POST /task/t-1/unclaim", 204, "");

    FakeEngine.Run rejected = run("--url", engine.url(), "--user", "operator2", "reject", "t-1", "--reason", "wrong host");

    assertThat(rejected.exitCode()).isEqualTo(Exit.REFUSED);
    assertThat(rejected.err()).contains("Refused: The plan shown is not the frozen plan");
    assertThat(engine.requests).extracting(FakeEngine.Request::uri).last().isEqualTo("/engine-rest/task/t-1/unclaim");
  }

  @Test
  void rejectNeedsAReason() {
    assertThat(run("--url", engine.url(), "--user", "operator2", "reject", "t-1").exitCode()).isEqualTo(Exit.USAGE);
  }

  private static String quote(String text) {
    try {
      return new ObjectMapper().writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
