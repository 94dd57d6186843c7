package org.alisw.runbooks.roger;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * {@link MachineStatePort} over Roger's state API ({@code /roger/v1/state/}, JSON over HTTPS), the
 * same calls as ai-tools' {@code RogerClient.update_or_create_state}. Authenticates with HTTP Basic
 * or a Bearer token when configured, or with SPNEGO (auth=kerberos); trusts the configured CA bundle, else
 * the JDK's. Credentials are never logged.
 */
public class RogerClient implements MachineStatePort {

  private static final Logger log = LoggerFactory.getLogger(RogerClient.class);
  static final String STATE = "/roger/v1/state/";

  private final URI base;
  private final HttpAuthentication auth;
  private final String domain;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public RogerClient(RogerProperties p) {
    String refusal = p.insecureUrlRefusal();
    if (refusal != null) {
      // Start-up validation says the same; this guards callers that build the client themselves.
      throw new IllegalArgumentException(refusal);
    }
    String url = p.getUrl().toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.auth = AdapterAuthentication.of(
        "Roger", "runbooks.roger", "ROGER_PASSWORD / ROGER_TOKEN", p.getAuth(), p.getUsername(), p.getPassword(), p.getToken(),
        p.getKerberos());
    this.domain = p.getDomain();
    this.requestTimeout = p.getRequestTimeout();
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(p.getConnectTimeout()).followRedirects(HttpClient.Redirect.NEVER);
    if (p.getCaBundle() != null) {
      builder.sslContext(TrustedCertificates.sslContext(p.getCaBundle()));
    }
    this.http = builder.build();
  }

  @Override
  public Optional<MachineState> state(String hostname) {
    String fqdn = fqdn(hostname);
    Answer answer = send("GET", hostUri(fqdn), null);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (!answer.isSuccess()) {
      throw failure("read the state of " + fqdn, answer);
    }
    return Optional.of(toState(answer.json().orElseThrow(() -> invalid("read the state of " + fqdn, answer))));
  }

  @Override
  public MachineState update(String hostname, MachineStateUpdate update) {
    String fqdn = fqdn(hostname);
    String body = json(update.body(fqdn));
    // As ai-tools' update_or_create_state: PUT an entry Roger has, POST a new one.
    Answer answer =
        state(fqdn).isPresent() ? send("PUT", hostUri(fqdn), body) : send("POST", base.resolve(STATE), body);
    if (!answer.isSuccess()) {
      throw failure("set " + fqdn + " to " + update.appstate().wire(), answer);
    }
    MachineState now =
        answer.json().filter(n -> n.has("appstate")).map(this::toState)
            .or(() -> state(fqdn))
            .orElseThrow(() -> new RogerUnavailableException(
                answer.status(), "Roger accepted the change of " + fqdn + " but does not show it; try again", null));
    log.info("Roger: {} is now {} (alarms nc={} hw={} os={} app={})", fqdn, now.appstate(),
        now.ncAlarmed(), now.hwAlarmed(), now.osAlarmed(), now.appAlarmed());
    return now;
  }

  private URI hostUri(String fqdn) {
    return base.resolve(STATE + URLEncoder.encode(fqdn, StandardCharsets.UTF_8) + "/");
  }

  // --- mapping ------------------------------------------------------------------------------

  private MachineState toState(JsonNode s) {
    return new MachineState(
        s.path("hostname").asText(null),
        s.path("appstate").asText(null),
        s.path("nc_alarmed").asBoolean(false),
        s.path("hw_alarmed").asBoolean(false),
        s.path("os_alarmed").asBoolean(false),
        s.path("app_alarmed").asBoolean(false),
        text(s, "message"),
        text(s, "updated_by"),
        text(s, "update_time"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  String fqdn(String hostname) {
    if (hostname.contains(".") || domain == null || domain.isBlank()) {
      return hostname;
    }
    return hostname + "." + domain;
  }

  private String json(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  // --- errors -------------------------------------------------------------------------------

  /** 5xx is Roger failing (retry); any other answer is Roger deciding (an operator must act). */
  private RogerException failure(String what, Answer answer) {
    int status = answer.status();
    String said = answer.message();
    if (status >= 500) {
      return new RogerUnavailableException(
          status, "Roger failed to " + what + " (HTTP " + status + ": " + said + "); try again later", null);
    }
    String advice =
        switch (status) {
          case 401 -> auth.rejectionAdvice();
          case 403 -> "the runbooks' account may not change this host in Roger: ask for the right, or set the"
              + " state by hand (roger update)";
          case 404 -> "no Roger state API at " + base + STATE + ": check runbooks.roger.url";
          default -> status >= 300 && status < 400
              ? "Roger redirected to " + answer.location() + ": check runbooks.roger.url"
              : "fix what Roger reports, then retry";
        };
    String message =
        "Roger refused to " + what + " (HTTP " + status + (said.isEmpty() ? "" : ": " + said) + "); " + advice;
    log.warn(message);
    return new RogerRefusedException(status, message);
  }

  private RogerUnavailableException invalid(String what, Answer answer) {
    return new RogerUnavailableException(
        answer.status(), "Roger answered " + what + " with something that is not JSON: " + answer.message(), null);
  }

  // --- HTTP ---------------------------------------------------------------------------------

  /** One answer: status, body, Location; JSON parsed on demand. */
  private final class Answer {
    private final int status;
    private final String body;
    private final String location;

    Answer(HttpResponse<String> response) {
      this.status = response.statusCode();
      this.body = response.body() == null ? "" : response.body();
      this.location = response.headers().firstValue("Location").orElse("");
    }

    int status() {
      return status;
    }

    String location() {
      return location;
    }

    boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    Optional<JsonNode> json() {
      if (body.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(json.readTree(body));
      } catch (JsonProcessingException e) {
        return Optional.empty();
      }
    }

    /** Roger's error in a line: {@code {"detail": ...}}, field errors, or the start of the body. */
    String message() {
      Optional<JsonNode> node = json();
      if (node.isPresent() && node.get().isObject()) {
        if (node.get().has("detail")) {
          return node.get().get("detail").asText();
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

  private Answer send(String method, URI uri, String body) {
    HttpAuthentication.Authenticated target;
    try {
      target = auth.authenticate(uri);
    } catch (AuthenticationUnavailableException e) {
      String message = "cannot authenticate to Roger for " + method + " " + uri.getPath() + ": " + e.getMessage();
      if (e.isTransient()) {
        throw new RogerUnavailableException(0, message, e);
      }
      log.warn(message);
      throw new RogerRefusedException(401, message);
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
      // The timeout covers the body too: a Roger that stalls mid-answer must not hang the job.
      return new Answer(WholeExchange.send(http, request.build(), requestTimeout));
    } catch (IOException e) {
      throw new RogerUnavailableException(
          0, "Roger did not answer " + method + " " + uri.getPath() + ": " + e + "; try again later", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RogerUnavailableException(0, "interrupted calling Roger " + method + " " + uri.getPath(), e);
    }
  }
}
