package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * Issue 15 in the application: the operator's tasks tell the story over the REST API Tasklist uses
 * (the task's description, and {@code taskStory} among the form variables its form displays),
 * written by the Spring bean {@code runbookTaskStory} from the simulated Mesos agent's tasks.
 * alibuild12 is only read here (the runbook stops before any change).
 */
@SandboxTest
class TaskStoryIT {

  @Autowired TestRestTemplate rest;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private EngineRest operator2() {
    return new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
  }

  @Test
  void rebuildAgentsTasksTellWhoAskedWhatWasDecidedAndTheMesosTasks() {
    ResponseEntity<JsonNode> started = operator1().start("rebuild-agent", Map.of("hostname", "alibuild12", "reason", "task story IT"));
    assertThat(started.getStatusCode().is2xxSuccessful()).as("%s", started.getBody()).isTrue();
    String instance = started.getBody().get("id").asText();

    JsonNode discuss = waitForTask(instance, "user_task_discuss_with_colleagues");
    assertThat(discuss.get("description").asText())
        .startsWith("**Discuss with your colleagues** (runbook rebuild-agent, host alibuild12)")
        .contains("Started by operator1 on ")
        .contains("Reason given: \"task story IT\"");
    JsonNode formVariables = operator2().get("/task/" + discuss.get("id").asText() + "/form-variables").getBody();
    assertThat(formVariables.path("taskStory").path("value").asText()).isEqualTo(discuss.get("description").asText());

    complete(operator2(), discuss.get("id").asText(), Map.of("discussionOutcome", "go", "discussionNotes", "fine by the team"));
    JsonNode review = waitForTask(instance, "user_task_review_agent_tasks");
    assertThat(review.get("description").asText())
        .contains("- Discuss with your colleagues: operator2, ")
        .contains("discussion outcome: go; discussion notes: fine by the team")
        .contains("## Mesos tasks on alibuild12");

    complete(operator2(), review.get("id").asText(), Map.of("tasksDecision", "stop"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(operator1().get("/history/process-instance/" + instance).getBody().get("state").asText()).isEqualTo("COMPLETED"));
  }

  private JsonNode waitForTask(String instance, String taskKey) {
    JsonNode[] found = new JsonNode[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      for (JsonNode task : operator2().get("/task?processInstanceId=" + instance).getBody()) {
        if (task.get("taskDefinitionKey").asText().equals(taskKey)) {
          found[0] = task;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  private static void complete(EngineRest operator, String taskId, Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((k, v) -> typed.put(k, Map.of("value", v, "type", "String")));
    ResponseEntity<JsonNode> completed = operator.post("/task/" + taskId + "/complete", Map.of("variables", typed));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();
  }
}
