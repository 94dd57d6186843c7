package org.alisw.runbooks.e2e.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine's REST API as one user, keeping every answer (status, headers, body) it received so
 * that the test can look for secrets in all of them afterwards.
 */
public final class RecordingRest {

  /** One answer the test saw. */
  public record Answer(String method, String path, int status, String headers, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final String baseUrl;
  private final String authorization;
  private final List<Answer> answers;

  public RecordingRest(String baseUrl, String user, String password, List<Answer> answers) {
    this.baseUrl = baseUrl;
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.answers = answers;
  }

  public static List<Answer> newLog() {
    return new CopyOnWriteArrayList<>();
  }

  public JsonNode get(String path) {
    return send("GET", path, null);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  /** The answer's JSON (or a text node for a body that is not JSON, a missing node for none). */
  public JsonNode send(String method, String path, Object body) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", authorization)
          .header("Accept", "application/json");
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      answers.add(new Answer(method, path, response.statusCode(), response.headers().map().toString(), response.body()));
      lastStatus = response.statusCode();
      if (response.body() == null || response.body().isBlank()) {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
      try {
        return JSON.readTree(response.body());
      } catch (IOException notJson) {
        return JSON.getNodeFactory().textNode(response.body());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private volatile int lastStatus;

  /** The status of the last answer this client received. */
  public int lastStatus() {
    return lastStatus;
  }
}
