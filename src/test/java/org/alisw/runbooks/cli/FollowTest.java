package org.alisw.runbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code follow} against a canned history: what it prints, in which order, and its exit status. */
class FollowTest {

  @TempDir Path home;
  private FakeEngine engine;

  @BeforeEach
  void start() throws Exception {
    engine = new FakeEngine();
    engine.on("GET /history/process-instance?superProcessInstanceId=pi&sortBy=startTime&sortOrder=asc", 200, """
        [{"id":"child","processDefinitionKey":"verify-host","state":"ACTIVE"}]""");
    engine.on("GET /history/process-instance?superProcessInstanceId=child&sortBy=startTime&sortOrder=asc", 200, "[]");
    engine.on("GET /process-definition/reboot-server%3A1%3Ax/xml", 200,
        new ObjectMapper().writeValueAsString(Map.of("bpmn20Xml", ApprovalXml.REBUILD)));
    engine.on("GET /history/activity-instance?processInstanceId=pi&sortBy=startTime&sortOrder=asc", 200, """
        [{"id":"a1","processInstanceId":"pi","activityId":"service_task_hard_reboot","activityName":"Hard reboot the server",
          "activityType":"serviceTask","startTime":"2026-12-03T10:00:01.000+0000","endTime":"2026-12-03T10:00:02.000+0000"},
         {"id":"a2","processInstanceId":"pi","activityId":"call_activity_verify_host","activityName":"Verify the host",
          "activityType":"callActivity","startTime":"2026-12-03T10:00:03.000+0000","endTime":null}]""");
    engine.on("GET /history/activity-instance?processInstanceId=child&sortBy=startTime&sortOrder=asc", 200, """
        [{"id":"c1","processInstanceId":"child","activityId":"service_task_run_puppet_agent","activityName":"Run puppet agent -t -v",
          "activityType":"serviceTask","startTime":"2026-12-03T10:00:04.000+0000","endTime":"2026-12-03T10:00:05.000+0000"},
         {"id":"c2","processInstanceId":"child","activityId":"user_task_puppet_errors","activityName":"Report the puppet errors",
          "activityType":"userTask","startTime":"2026-12-03T10:00:06.000+0000","endTime":null}]""");
    engine.on("GET /task?processInstanceIdIn=pi%2Cchild&sortBy=created&sortOrder=asc", 200, """
        [{"id":"t-7","name":"Report the puppet errors","processInstanceId":"child","assignee":null}]""");
    engine.on("GET /incident?processInstanceId=pi", 200, "[]");
    engine.on("GET /incident?processInstanceId=child", 200, "[]");
    engine.on("GET /history/variable-instance?processInstanceIdIn=pi%2Cchild&variableNameLike=puppetAttempt%25&deserializeValues=false", 200, """
        [{"id":"v1","name":"puppetAttempt1","processInstanceId":"child","createTime":"2026-12-03T10:00:05.000+0000",
          "value":"attempt 1: exit code 6 (FAILED), 0 s\\nError: Could not apply complete catalog"},
         {"id":"v2","name":"puppetAttemptsUsed","processInstanceId":"child","createTime":"2026-12-03T10:00:05.000+0000","value":1}]""");
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private void root(String state) {
    engine.on("GET /history/process-instance/pi", 200, """
        {"id":"pi","processDefinitionKey":"reboot-server","processDefinitionId":"reboot-server:1:x","state":"%s",
         "startTime":"2026-12-03T10:00:00.000+0000","startUserId":"operator1","deleteReason":null}""".formatted(state));
  }

  @Test
  void printsStepsAndPuppetOutputInTheOrderTheyHappenedThenExits3ForTheHumanTask() {
    root("ACTIVE");

    FakeEngine.Run follow = FakeEngine.run(Map.of("RUNBOOK_PASSWORD", "pw"), home,
        "--url", engine.url(), "--user", "operator1", "follow", "pi", "--interval", "PT0.1S");

    assertThat(follow.exitCode()).as(follow.err()).isEqualTo(Exit.WAITING);
    assertThat(follow.out().lines()).containsExactly(
        "reboot-server pi (started 10:00:00 by operator1)",
        "[10:00:01] Hard reboot the server",
        "[10:00:03] Verify the host",
        "[10:00:04] verify-host > Run puppet agent -t -v",
        "--- verify-host puppetAttempt1 ---",
        "  attempt 1: exit code 6 (FAILED), 0 s",
        "  Error: Could not apply complete catalog",
        "[10:00:06] verify-host > Report the puppet errors",
        "Waiting for a human: 'Report the puppet errors' (task t-7, verify-host).");
  }

  @Test
  void statusShowsWhereItIs() {
    root("ACTIVE");

    FakeEngine.Run status = FakeEngine.run(Map.of("RUNBOOK_PASSWORD", "pw"), home,
        "--url", engine.url(), "--user", "operator1", "status", "pi");

    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains(
        "state:     ACTIVE",
        "started:   2026-12-03 10:00:00 by operator1",
        "now at:    Verify the host",
        "now at:    verify-host > Report the puppet errors",
        "waiting:   'Report the puppet errors' (task t-7, verify-host)",
        "steps:     2 reached, 1 host output(s)");
  }

  @Test
  void aCancelledRunbookExits1() {
    root("EXTERNALLY_TERMINATED");

    FakeEngine.Run follow = FakeEngine.run(Map.of("RUNBOOK_PASSWORD", "pw"), home,
        "--url", engine.url(), "--user", "operator1", "follow", "pi");

    assertThat(follow.exitCode()).isEqualTo(Exit.FAILED);
    assertThat(follow.out()).endsWith("Cancelled." + System.lineSeparator());
  }
}
