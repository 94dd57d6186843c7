package org.alisw.runbooks.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An operator's /engine-rest calls (basic auth), for setting up and checking what the browser shows. */
record Operator(TestRestTemplate rest, String user, String password) {

  ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
    headers.setBasicAuth(user, password);
    return rest.exchange("/engine-rest" + path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }

  JsonNode get(String path) {
    ResponseEntity<JsonNode> response = call(HttpMethod.GET, path, null);
    assertThat(response.getStatusCode().is2xxSuccessful()).as("GET %s as %s: %s", path, user, response.getBody()).isTrue();
    return response.getBody();
  }

  /** Starts a runbook by key with string variables; its instance id. */
  String start(String key, Map<String, String> variables) {
    ResponseEntity<JsonNode> started = call(HttpMethod.POST, "/process-definition/key/" + key + "/start", typed(variables));
    assertThat(started.getStatusCode().is2xxSuccessful()).as("%s", started.getBody()).isTrue();
    return started.getBody().get("id").asText();
  }

  /** Waits for the instance's task with this key and completes it with string variables; the task id. */
  String complete(String instanceId, String taskKey, Map<String, String> variables) {
    String taskId = waitForTask(instanceId, taskKey);
    ResponseEntity<JsonNode> done = call(HttpMethod.POST, "/task/" + taskId + "/complete", typed(variables));
    assertThat(done.getStatusCode().is2xxSuccessful()).as("%s", done.getBody()).isTrue();
    return taskId;
  }

  String waitForTask(String instanceId, String taskKey) {
    return await().atMost(Duration.ofSeconds(60)).until(() -> taskOf(instanceId, taskKey), id -> id != null);
  }

  private String taskOf(String instanceId, String taskKey) {
    for (JsonNode task : get("/task?processInstanceId=" + instanceId)) {
      if (task.get("taskDefinitionKey").asText().equals(taskKey)) {
        return task.get("id").asText();
      }
    }
    return null;
  }

  /** The id of the Tasklist filter with this name, as this operator sees it (null: none readable). */
  String filterId(String name) {
    for (JsonNode filter : get("/filter?resourceType=Task")) {
      if (filter.get("name").asText().equals(name)) {
        return filter.get("id").asText();
      }
    }
    return null;
  }

  /** The ids of the tasks a filter lists for this operator (its expressions evaluated for them). */
  List<String> filterTaskIds(String filterName) {
    String id = filterId(filterName);
    assertThat(id).as("filter '%s' readable by %s", filterName, user).isNotNull();
    ResponseEntity<JsonNode> listed = call(HttpMethod.POST, "/filter/" + id + "/list?maxResults=1000", Map.of());
    assertThat(listed.getStatusCode().is2xxSuccessful()).as("%s", listed.getBody()).isTrue();
    List<String> ids = new ArrayList<>();
    listed.getBody().forEach(task -> ids.add(task.get("id").asText()));
    return ids;
  }

  /**
   * rebuild-agent on {@code host} as this operator, agreed and reviewed by {@code colleague}, up to
   * the four-eyes approval; the instance id.
   */
  String rebuildUpToApproval(String host, Operator colleague) {
    String instance = start("rebuild-agent", Map.of("hostname", host, "reason", "Tasklist filters test"));
    colleague.complete(instance, "user_task_discuss_with_colleagues", Map.of("discussionOutcome", "go", "discussionNotes", "agreed"));
    colleague.complete(instance, "user_task_review_agent_tasks", Map.of("tasksDecision", "proceed"));
    waitForTask(instance, "user_task_approve_rebuild");
    return instance;
  }

  private static Map<String, Object> typed(Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((k, v) -> typed.put(k, Map.of("value", v, "type", "String")));
    return Map.of("variables", typed);
  }
}
