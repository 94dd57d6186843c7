package org.alisw.runbooks.e2e.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /engine-rest} of an engine in another process, as an operator's script uses it: basic
 * auth, JSON. Failures throw with the status and the answer, so a test says what went wrong.
 */
public final class EngineClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String authorization;

  public EngineClient(String baseUrl, String user, String password) {
    this.base = baseUrl + "/engine-rest";
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Starts {@code key} with string variables; returns the process instance id. */
  public String start(String key, Map<String, String> variables) {
    return post("/process-definition/key/" + key + "/start", Map.of("variables", typed(variables))).get("id").asText();
  }

  /** The open tasks of an instance and its called instances (by root process instance). */
  public List<JsonNode> tasks(String rootInstanceId) {
    List<JsonNode> tasks = new ArrayList<>();
    for (JsonNode instance : get("/history/process-instance?unfinished=true&rootProcessInstanceId=" + rootInstanceId)) {
      get("/task?processInstanceId=" + instance.get("id").asText()).forEach(tasks::add);
    }
    return tasks;
  }

  public List<String> taskKeys(String rootInstanceId) {
    return tasks(rootInstanceId).stream().map(t -> t.get("taskDefinitionKey").asText()).toList();
  }

  /** Completes the open task {@code taskKey} of the instance tree; fails when there is none. */
  public void complete(String rootInstanceId, String taskKey, Map<String, String> variables) {
    String id =
        tasks(rootInstanceId).stream()
            .filter(t -> t.get("taskDefinitionKey").asText().equals(taskKey))
            .map(t -> t.get("id").asText())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no open task " + taskKey + " under " + rootInstanceId));
    post("/task/" + id + "/complete", Map.of("variables", typed(variables)));
  }

  /** ACTIVE, COMPLETED, EXTERNALLY_TERMINATED, INTERNALLY_TERMINATED or SUSPENDED (history). */
  public String state(String instanceId) {
    return get("/history/process-instance/" + instanceId).get("state").asText();
  }

  /** How often {@code activityId} was entered in the instance tree (history, all called instances). */
  public int timesEntered(String rootInstanceId, String activityId) {
    int count = 0;
    for (JsonNode instance : get("/history/process-instance?rootProcessInstanceId=" + rootInstanceId)) {
      count += get("/history/activity-instance/count?processInstanceId=" + instance.get("id").asText()
              + "&activityId=" + enc(activityId)).get("count").asInt();
    }
    return count;
  }

  /** Whether an activity of the instance tree runs right now (an activity instance not ended). */
  public boolean isAt(String rootInstanceId, String activityId) {
    for (JsonNode instance : get("/history/process-instance?rootProcessInstanceId=" + rootInstanceId)) {
      if (get("/history/activity-instance/count?unfinished=true&processInstanceId=" + instance.get("id").asText()
              + "&activityId=" + enc(activityId)).get("count").asInt() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Open incidents of the instance tree, as "activity: message". */
  public List<String> incidents(String rootInstanceId) {
    List<String> incidents = new ArrayList<>();
    for (JsonNode instance : get("/history/process-instance?rootProcessInstanceId=" + rootInstanceId)) {
      for (JsonNode i : get("/incident?processInstanceId=" + instance.get("id").asText())) {
        incidents.add(i.get("activityId").asText() + ": " + i.get("incidentMessage").asText());
      }
    }
    return incidents;
  }

  /** A variable of one instance from history, or null. */
  public JsonNode variable(String instanceId, String name) {
    JsonNode values = get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=" + enc(name));
    return values.isEmpty() ? null : values.get(0).get("value");
  }

  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public JsonNode post(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpRequest built =
        request.header("Authorization", authorization).header("Accept", "application/json")
            .timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new AssertionError(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(built.method() + " " + built.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> typed(Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    return typed;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
