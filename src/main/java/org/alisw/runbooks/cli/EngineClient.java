package org.alisw.runbooks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The engine's REST API ({@code <url>/engine-rest}) over the JDK HttpClient with HTTP basic
 * authentication, JSON in and out. An error answer becomes an {@link EngineException} carrying the
 * server's own message (Camunda's {@code {"type": ..., "message": ...}}).
 */
final class EngineClient {

  static final String REST_PATH = "/engine-rest";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;
  private final String base;
  private final String authorization;
  private final String user;
  private final Duration timeout;

  EngineClient(URI url, Credentials credentials, Duration timeout) {
    String text = url.toString();
    this.base = (text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + REST_PATH;
    this.user = credentials.user();
    this.authorization = basic(credentials);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  private static String basic(Credentials credentials) {
    CharBuffer chars = CharBuffer.allocate(credentials.user().length() + 1 + credentials.password().length);
    chars.put(credentials.user()).put(':').put(credentials.password()).flip();
    var bytes = StandardCharsets.UTF_8.encode(chars);
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    return "Basic " + Base64.getEncoder().encodeToString(raw);
  }

  String user() {
    return user;
  }

  /** Encodes one query parameter value. */
  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  JsonNode put(String path, Object body) {
    return send("PUT", path, body);
  }

  private JsonNode send(String method, String path, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("Authorization", authorization);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new EngineException(0, "Cannot reach the engine at " + base + " (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")");
    } catch (IOException e) {
      throw new EngineException(0, "Cannot reach the engine at " + base + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException(0, "Interrupted while calling " + base);
    }
    int status = response.statusCode();
    if (status == 401) {
      throw new EngineException(401, "The engine at " + base + " did not accept the credentials of " + user + " (HTTP 401)");
    }
    if (status >= 400) {
      throw new EngineException(status, message(response.body(), status));
    }
    if (status >= 300) {
      throw new EngineException(0, "Unexpected redirect (HTTP " + status + ") from " + base + path + ": is --url the engine's address?");
    }
    return response.body() == null || response.body().isBlank() ? null : read(response.body(), path);
  }

  private String message(String body, int status) {
    try {
      JsonNode error = json.readTree(body);
      if (error != null && error.hasNonNull("message") && !error.get("message").asText().isBlank()) {
        return error.get("message").asText();
      }
    } catch (JsonProcessingException notJson) {
      // an error page from a proxy: show its start below
    }
    String text = body == null ? "" : body.strip();
    return "HTTP " + status + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length())));
  }

  private JsonNode read(String body, String path) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new EngineException(0, "Not JSON from " + base + path + ": is --url the engine's address?");
    }
  }

  private String write(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
