package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The master runbooks over {@code /engine-rest} in the sandbox, as two operators: rebuild-master of
 * the leading master end to end, its refusal while another master is down, pausing a runbook in
 * its hand-over wait past the deadline, and the TSM backup reminder created by its timer.
 */
@SandboxTest
class MasterRunbooksIT {

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired SimulatedMesos mesos;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private EngineRest operator2() {
    return new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
  }

  @Test
  void rebuildsTheLeadingMasterAfterMovingTheLeadershipAndTheQuorumHoldsAtTheEnd() {
    String leader = mesos.leader().orElseThrow();
    String instanceId = startRebuild(leader);
    complete(operator1(), task(instanceId, "user_task_discuss_with_colleagues"),
        Map.of("discussionOutcome", "go", "discussionNotes", "agreed in the weekly meeting", "leaderHandOver", "hand-over"));

    String approval = awaitTask(instanceId, "user_task_approve_rebuild");
    // The leadership moved before the rebuild: another master leads while this one is still up.
    String newLeader = mesos.leader().orElseThrow();
    assertThat(newLeader).isNotEqualTo(leader);
    assertThat(dataCentre.server(leader).orElseThrow().status(dataCentre.now())).isEqualTo("ACTIVE");
    assertThat(passed(instanceId, "service_task_restart_leader_mesos_master")).isTrue();
    assertThat(variables(instanceId).get("plan").asText()).contains("done: " + leader + " no longer leads Mesos");

    complete(operator2(), approval, Map.of("approvalDecision", "approve"));
    awaitCompleted(instanceId, Duration.ofSeconds(150));

    Map<String, JsonNode> variables = variables(instanceId);
    assertThat(passed(instanceId, "end_event_master_rebuilt")).as("%s", variables).isTrue();
    assertThat(variables.get("approver").asText()).isEqualTo("operator2");
    assertThat(variables.get("rebuilt").asBoolean()).isTrue();
    assertThat(variables.get("hostVerified").asBoolean()).isTrue();
    assertThat(variables.get("masterVerified").asBoolean()).isTrue();
    assertThat(variables.get("quorumHealthy").asBoolean()).isTrue();
    assertThat(variables.get("quorumReport").asText()).startsWith("All masters are healthy");
    assertThat(dataCentre.healthyMasters()).hasSize(3);
  }

  @Test
  void refusesToRebuildAMasterWhileAnotherMasterIsDown() {
    SimulatedServer down = dataCentre.server("alimesos03").orElseThrow();
    long before = count("/history/process-instance/count?processDefinitionKey=rebuild-master");
    down.stopContainer("mesos-master");
    down.stopContainer("marathon");
    try {
      ResponseEntity<JsonNode> refused =
          operator1().submitStartForm("rebuild-master", Map.of("hostname", "alimesos02", "reason", "disk full"));

      assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(refused.getBody().get("message").asText())
          .contains("Refusing to rebuild master alimesos02")
          .contains("Mesos master on alimesos03 is down")
          .contains("Marathon on alimesos03 is not answering");
      assertThat(count("/history/process-instance/count?processDefinitionKey=rebuild-master")).isEqualTo(before);
    } finally {
      down.startContainers(Set.of("mesos-master", "marathon"));
    }
  }

  /**
   * Paused in the hand-over wait for longer than the hand-over may take, then resumed: the runbook
   * looks at the leader again instead of escalating because the deadline passed, and completes.
   */
  @Test
  void aRunbookPausedInItsWaitPastTheDeadlineLooksAgainWhenResumedAndCompletes() {
    String leader = mesos.leader().orElseThrow();
    String instanceId = startRebuild(leader);
    complete(operator1(), task(instanceId, "user_task_discuss_with_colleagues"),
        Map.of("discussionOutcome", "go", "discussionNotes", "agreed", "leaderHandOver", "hand-over"));
    await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(30))
        .until(() -> operator1().get("/process-instance/" + instanceId + "/activity-instances").getBody()
            .findValuesAsText("activityId").contains("timer_wait_leader"));

    assertThat(suspend(instanceId, true).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(operator1().get("/process-instance/" + instanceId).getBody().get("suspended").asBoolean()).isTrue();
    // Longer than runbooks.rebuild-master.hand-over-timeout (SandboxTest): the deadline passes.
    sleep(Duration.ofSeconds(6));
    assertThat(activities(instanceId)).contains("timer_wait_leader");

    assertThat(suspend(instanceId, false).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    String approval = awaitTask(instanceId, "user_task_approve_rebuild");

    assertThat(passed(instanceId, "user_task_hand_over_stuck")).isFalse();
    complete(operator2(), approval, Map.of("approvalDecision", "approve"));
    awaitCompleted(instanceId, Duration.ofSeconds(150));
    assertThat(passed(instanceId, "end_event_master_rebuilt")).as("%s", variables(instanceId)).isTrue();
  }

  @Test
  void theBackupReminderIsCreatedByItsTimer() {
    JsonNode timers = operator1().get("/job?processDefinitionKey=renew-master-backup&timers=true").getBody();
    assertThat(timers).isNotEmpty();
    Instant due = Instant.parse(timers.get(0).get("dueDate").asText().replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2"));
    long before = count("/history/process-instance/count?processDefinitionKey=renew-master-backup");
    try {
      ClockUtil.setCurrentTime(Date.from(due.plusSeconds(60)));
      await().atMost(Duration.ofSeconds(30))
          .until(() -> count("/history/process-instance/count?processDefinitionKey=renew-master-backup") > before);
    } finally {
      ClockUtil.reset();
    }
    JsonNode task =
        await().atMost(Duration.ofSeconds(10))
            .until(() -> operator1().get("/task?processDefinitionKey=renew-master-backup").getBody(), t -> t.size() > 0)
            .get(0);
    assertThat(task.get("name").asText()).isEqualTo("Renew the TSM backup registration of the masters");
    assertThat(task.get("due").isNull()).isFalse();
    String instanceId = task.get("processInstanceId").asText();

    complete(operator1(), task.get("id").asText(), Map.of("renewalNotes", "renewed ALIMESOS01-03 as CERN IT asked"));

    assertThat(variables(instanceId).get("renewedBy").asText()).isEqualTo("operator1");
    assertThat(operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText()).isEqualTo("COMPLETED");
  }

  // --- fixtures -----------------------------------------------------------------------------

  private String startRebuild(String master) {
    ResponseEntity<JsonNode> started =
        operator1().start("rebuild-master", Map.of("hostname", master, "reason", "root disk corrupted"));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    return started.getBody().get("id").asText();
  }

  private String task(String instanceId, String key) {
    return awaitTask(instanceId, key);
  }

  private String awaitTask(String instanceId, String key) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> operator1().get("/task?processInstanceId=" + instanceId + "&taskDefinitionKey=" + key).getBody(),
            tasks -> tasks.size() == 1)
        .get(0).get("id").asText();
  }

  private static void complete(EngineRest operator, String taskId, Map<String, String> values) {
    Map<String, Object> variables = new LinkedHashMap<>();
    values.forEach((name, value) -> variables.put(name, Map.of("value", value, "type", "String")));
    ResponseEntity<JsonNode> completed = operator.post("/task/" + taskId + "/complete", Map.of("variables", variables));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();
  }

  /** {@code PUT /process-instance/{id}/suspended} as operator1: what Cockpit's suspend and activate send. */
  private ResponseEntity<JsonNode> suspend(String instanceId, boolean suspended) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBasicAuth("operator1", SandboxTest.OPERATOR1_PASSWORD);
    return rest.exchange("/engine-rest/process-instance/" + instanceId + "/suspended", HttpMethod.PUT,
        new HttpEntity<>(Map.of("suspended", suspended), headers), JsonNode.class);
  }

  private List<String> activities(String instanceId) {
    return operator1().get("/process-instance/" + instanceId + "/activity-instances").getBody().findValuesAsText("activityId");
  }

  private void awaitCompleted(String instanceId, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText())
            .as("%s", operator1().get("/incident?processInstanceId=" + instanceId).getBody())
            .isEqualTo("COMPLETED"));
  }

  private boolean passed(String instanceId, String activityId) {
    return operator1().get("/history/activity-instance?processInstanceId=" + instanceId + "&activityId=" + activityId).getBody().size() > 0;
  }

  private Map<String, JsonNode> variables(String instanceId) {
    Map<String, JsonNode> values = new HashMap<>();
    for (JsonNode v : operator1().get("/history/variable-instance?processInstanceId=" + instanceId).getBody()) {
      values.put(v.get("name").asText(), v.get("value"));
    }
    return values;
  }

  private long count(String path) {
    return operator1().get(path).getBody().get("count").asLong();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
