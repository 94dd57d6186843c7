package org.alisw.runbooks.httpservice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.http.AuthenticationUnavailableException;
import org.alisw.runbooks.http.HttpAuthentication;
import org.alisw.runbooks.http.TrustedCertificates;
import org.alisw.runbooks.http.WholeExchange;
import org.alisw.runbooks.kerberos.AdapterAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP half of a JSON-over-HTTPS adapter (Certmgr, Roger): one client with the configured
 * timeouts and CA, authentication per request, bounded exchanges, and the project's two kinds of
 * failure: <em>unavailable</em> (no answer, 5xx: nothing was decided, retry) and <em>refused</em>
 * (the service answered no: an operator must act, the message says what). Credentials are never
 * logged.
 *
 * @param <E> the adapter's own exception type
 */
public final class JsonService<E extends RuntimeException> {

  private static final Logger log = LoggerFactory.getLogger(JsonService.class);

  /** How the adapter makes its failure for "nothing was decided, retry" (usually a constructor). */
  @FunctionalInterface
  public interface Unavailable<E extends RuntimeException> {
    E unavailable(int status, String message, Throwable cause);
  }

  /** How the adapter makes its failure for "the service said no" (usually a constructor). */
  @FunctionalInterface
  public interface Refused<E extends RuntimeException> {
    E refused(int status, String message);
  }

  /**
   * What to tell an operator about a refusal besides the service's own words.
   *
   * @param api the API path the adapter uses, for "no ... API at" (404)
   * @param apiName for example "Certmgr staging API"
   * @param forbidden advice for 403
   * @param consequence a sentence appended to every refusal, or empty
   */
  public record Advice(String api, String apiName, String forbidden, String consequence) {}

  private final String system;
  private final String prefix;
  private final URI base;
  private final HttpAuthentication auth;
  private final String domain;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final String errorField;
  private final Unavailable<E> unavailable;
  private final Refused<E> refused;
  private final Advice advice;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param secretVariables the environment variables holding password and token, for messages
   * @param errorField the field of the service's error body that holds its message ({@code error},
   *     {@code detail})
   * @param advice what to tell an operator about a refusal
   * @throws IllegalArgumentException when credentials would go over plain HTTP, or the auth mode
   *     lacks its settings (start-up validation says the same; this guards hand-built clients)
   */
  public JsonService(
      HttpServiceProperties p, String secretVariables, String errorField, Unavailable<E> unavailable, Refused<E> refused,
      Advice advice) {
    String refusal = p.insecureUrlRefusal();
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    this.system = p.serviceName();
    this.prefix = p.prefix();
    String url = p.getUrl().toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.auth = AdapterAuthentication.of(
        system, prefix, secretVariables, p.getAuth(), p.getUsername(), p.getPassword(), p.getToken(), p.getKerberos());
    this.domain = p.getDomain();
    this.requestTimeout = p.getRequestTimeout();
    this.errorField = errorField;
    this.unavailable = unavailable;
    this.refused = refused;
    this.advice = advice;
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(p.getConnectTimeout()).followRedirects(HttpClient.Redirect.NEVER);
    if (p.getCaBundle() != null) {
      builder.sslContext(TrustedCertificates.sslContext(p.getCaBundle()));
    }
    this.http = builder.build();
  }

  /** {@code path} (absolute, with a leading slash, query allowed) on the service's base URL. */
  public URI resolve(String path) {
    return base.resolve(path);
  }

  /** The host's name in the service: as given when qualified or no domain is set, else with the domain. */
  public String fqdn(String hostname) {
    if (hostname.contains(".") || domain == null || domain.isBlank()) {
      return hostname;
    }
    return hostname + "." + domain;
  }

  /** {@code body} as JSON. */
  public String json(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** An answer the service gave: a failure of the adapter's kind, unavailable for 5xx, refused otherwise. */
  public E failure(String what, Answer answer) {
    int status = answer.status();
    String said = answer.message();
    if (status >= 500) {
      return unavailable.unavailable(
          status, system + " failed to " + what + " (HTTP " + status + ": " + said + "); try again later", null);
    }
    String hint =
        switch (status) {
          case 401 -> auth.rejectionAdvice();
          case 403 -> advice.forbidden();
          case 404 -> "no " + advice.apiName() + " at " + base + advice.api() + ": check " + prefix + ".url";
          default -> status >= 300 && status < 400
              ? system + " redirected to " + answer.location() + ": check " + prefix + ".url"
              : "fix what " + system + " reports, then retry";
        };
    String message = system + " refused to " + what + " (HTTP " + status + (said.isEmpty() ? "" : ": " + said) + "); "
        + hint + advice.consequence();
    log.warn(message);
    return refused.refused(status, message);
  }

  /** A success whose body is not the JSON expected: the service is not itself; retry later. */
  public E invalid(String what, Answer answer) {
    return unavailable.unavailable(
        answer.status(), system + " answered " + what + " with something that is not JSON: " + answer.message(), null);
  }

  /** The adapter's unavailable failure, for an answer that leaves the outcome unknown. */
  public E unavailable(int status, String message) {
    return unavailable.unavailable(status, message, null);
  }

  /** One exchange, bounded by the request timeout including the body. */
  public Answer send(String method, URI uri, String body) {
    HttpAuthentication.Authenticated target;
    try {
      target = auth.authenticate(uri);
    } catch (AuthenticationUnavailableException e) {
      String message = "cannot authenticate to " + system + " for " + method + " " + uri.getPath() + ": " + e.getMessage();
      if (e.isTransient()) {
        throw unavailable.unavailable(0, message, e);
      }
      log.warn(message);
      throw refused.refused(401, message);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.url()).timeout(requestTimeout).header("Accept", "application/json");
    if (target.authorization() != null) {
      request.header("Authorization", target.authorization());
    }
    if (body != null) {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      // The timeout covers the body too: a service that stalls mid-answer must not hang the job.
      return new Answer(WholeExchange.send(http, request.build(), requestTimeout), json, errorField);
    } catch (IOException e) {
      throw unavailable.unavailable(
          0, system + " did not answer " + method + " " + uri.getPath() + ": " + e + "; try again later", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable.unavailable(0, "interrupted calling " + system + " " + method + " " + uri.getPath(), e);
    }
  }

  /** One answer: status, body, Location; JSON parsed on demand. */
  public static final class Answer {
    private final int status;
    private final String body;
    private final String location;
    private final ObjectMapper json;
    private final String errorField;

    Answer(HttpResponse<String> response, ObjectMapper json, String errorField) {
      this.json = json;
      this.errorField = errorField;
      this.status = response.statusCode();
      this.body = response.body() == null ? "" : response.body();
      this.location = response.headers().firstValue("Location").orElse("");
    }

    public int status() {
      return status;
    }

    String location() {
      return location;
    }

    public boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    public Optional<JsonNode> json() {
      if (body.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(json.readTree(body));
      } catch (JsonProcessingException e) {
        return Optional.empty();
      }
    }

    /** The service's error in a line: its error field, field errors, or the start of the body. */
    String message() {
      Optional<JsonNode> node = json();
      if (node.isPresent() && node.get().isObject()) {
        if (node.get().has(errorField)) {
          return node.get().get(errorField).asText();
        }
        List<String> parts = new ArrayList<>();
        node.get().fields().forEachRemaining(f -> parts.add(f.getKey() + ": " + flat(f.getValue())));
        return String.join("; ", parts);
      }
      String s = body.strip();
      return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private String flat(JsonNode value) {
      if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(v -> items.add(v.asText()));
        return String.join(", ", items);
      }
      return value.asText();
    }
  }
}
