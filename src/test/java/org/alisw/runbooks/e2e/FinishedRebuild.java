package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A rebuild-agent run to its end on an agent of the calling test's own, as the guide runs it:
 * operator1 asks, operator2 discusses, reviews the Mesos tasks and approves, with notes; the
 * rebuilt machine's first puppet runs fail (the sandbox fails one after every install, and the
 * test may ask for more), so verify-host runs puppet more than once.
 */
final class FinishedRebuild {

  static final String PROJECT = "release-testing";

  private final TestRestTemplate rest;
  private final SimulatedDataCentre dataCentre;

  FinishedRebuild(TestRestTemplate rest, SimulatedDataCentre dataCentre) {
    this.rest = rest;
    this.dataCentre = dataCentre;
  }

  EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  EngineRest operator2() {
    return new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
  }

  /** The agent, added to the simulated cloud unless a kept sandbox world has it already. */
  void addAgent(String host) {
    if (dataCentre.server(host).isEmpty()) {
      dataCentre.add(host, SimulatedServer.Role.AGENT, SimulatedDataCentre.ZONES.get(1), PROJECT, "ACTIVE");
    }
  }

  void removeAgent(String host) {
    dataCentre.server(host).ifPresent(s -> s.failNextPuppetRuns(0));
    dataCentre.delete(host);
    dataCentre.forget(host);
  }

  /** Runs the rebuild to COMPLETED and returns the rebuild-agent instance id. */
  String run(String host, String reason, String discussionNotes, String approvalNotes) {
    ResponseEntity<JsonNode> started =
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2))
            // The start check's first OpenStack login may outlast its budget on a loaded machine: a 503, not a refusal.
            .until(() -> operator1().start("rebuild-agent", Map.of("hostname", host, "reason", reason)),
                answer -> !answer.getStatusCode().is5xxServerError());
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String instance = started.getBody().get("id").asText();
    complete(operator2(), awaitTask(instance, "user_task_discuss_with_colleagues"),
        Map.of("discussionOutcome", "go", "discussionNotes", discussionNotes));
    complete(operator2(), awaitTask(instance, "user_task_review_agent_tasks"), Map.of("tasksDecision", "proceed"));
    String approval = awaitTask(instance, "user_task_approve_rebuild");
    operator2().post("/task/" + approval + "/claim", Map.of("userId", "operator2"));
    complete(operator2(), approval, Map.of("approvalDecision", "approve", "approvalNotes", approvalNotes));
    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2))
        .untilAsserted(() -> assertThat(state(instance))
            .as("rebuild-agent %s; tasks %s", instance, operator1().get("/task?processInstanceId=" + instance).getBody())
            .isEqualTo("COMPLETED"));
    return instance;
  }

  String state(String instance) {
    return operator1().get("/history/process-instance/" + instance).getBody().get("state").asText();
  }

  private String awaitTask(String instance, String taskKey) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> taskOf(instance, taskKey), id -> id != null);
  }

  private String taskOf(String instance, String taskKey) {
    JsonNode tasks = operator1().get("/task?processInstanceId=" + instance + "&taskDefinitionKey=" + taskKey).getBody();
    return tasks != null && tasks.size() > 0 ? tasks.get(0).get("id").asText() : null;
  }

  private static void complete(EngineRest operator, String taskId, Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((k, v) -> typed.put(k, Map.of("value", v, "type", "String")));
    ResponseEntity<JsonNode> completed = operator.post("/task/" + taskId + "/complete", Map.of("variables", typed));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();
  }
}
