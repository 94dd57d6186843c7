package org.alisw.runbooks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The engine's REST API as an operator's script uses it: basic auth, JSON in and out. */
final class EngineRest {

  private final TestRestTemplate rest;
  private final String user;
  private final String password;
  /** {@code /engine-rest} (the default engine), or {@code /engine-rest/engine/NAME} for a named one. */
  private final String base;

  EngineRest(TestRestTemplate rest, String user, String password) {
    this(rest, user, password, "/engine-rest");
  }

  EngineRest(TestRestTemplate rest, String user, String password, String base) {
    this.rest = rest;
    this.user = user;
    this.password = password;
    this.base = base;
  }

  /** {@code POST /process-definition/key/{key}/start} with string variables: a script's way. */
  ResponseEntity<JsonNode> start(String key, Map<String, String> variables) {
    return exchange(
        HttpMethod.POST, base + "/process-definition/key/" + key + "/start", typed(variables));
  }

  /** {@code POST /process-definition/key/{key}/submit-form}: what Tasklist's start form sends. */
  ResponseEntity<JsonNode> submitStartForm(String key, Map<String, String> variables) {
    return exchange(
        HttpMethod.POST, base + "/process-definition/key/" + key + "/submit-form", typed(variables));
  }

  private static Map<String, Object> typed(Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    return Map.of("variables", typed);
  }

  ResponseEntity<JsonNode> get(String path) {
    return exchange(HttpMethod.GET, base + path, null);
  }

  ResponseEntity<JsonNode> post(String path, Object body) {
    return exchange(HttpMethod.POST, base + path, body);
  }

  private ResponseEntity<JsonNode> exchange(HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
    if (user != null) {
      headers.setBasicAuth(user, password);
    }
    return rest.exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
  }
}
