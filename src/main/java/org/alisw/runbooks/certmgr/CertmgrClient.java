package org.alisw.runbooks.certmgr;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
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
 * {@link CertificateStaging} over Certmgr's staging API ({@code /krb/certmgr/staged/}, JSON over
 * HTTPS). Authenticates with SPNEGO (auth=kerberos), HTTP Basic or a Bearer token when configured;
 * trusts the configured CA bundle, else the JDK's. Credentials are never logged.
 */
public class CertmgrClient implements CertificateStaging {

  private static final Logger log = LoggerFactory.getLogger(CertmgrClient.class);
  static final String STAGED = "/krb/certmgr/staged/";
  /** Pages followed at most when listing: a host has one or two stagings, not thousands. */
  private static final int MAX_PAGES = 20;

  private final URI base;
  private final HttpAuthentication auth;
  private final String domain;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public CertmgrClient(CertmgrProperties p) {
    this(p, Clock.systemUTC());
  }

  CertmgrClient(CertmgrProperties p, Clock clock) {
    String refusal = p.insecureUrlRefusal();
    if (refusal != null) {
      // Start-up validation says the same; this guards callers that build the client themselves.
      throw new IllegalArgumentException(refusal);
    }
    String url = p.getUrl().toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.auth = AdapterAuthentication.of(
        "Certmgr", "runbooks.certmgr", "CERTMGR_PASSWORD / CERTMGR_TOKEN", p.getAuth(), p.getUsername(), p.getPassword(), p.getToken(),
        p.getKerberos());
    this.domain = p.getDomain();
    this.requestTimeout = p.getRequestTimeout();
    this.clock = clock;
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(p.getConnectTimeout()).followRedirects(HttpClient.Redirect.NEVER);
    if (p.getCaBundle() != null) {
      builder.sslContext(TrustedCertificates.sslContext(p.getCaBundle()));
    }
    this.http = builder.build();
  }

  @Override
  public StagedCertificate stage(String hostname) {
    String fqdn = fqdn(hostname);
    Optional<StagedCertificate> existing =
        staged(fqdn).stream().filter(this::notExpired).max(Comparator.comparingLong(StagedCertificate::id));
    if (existing.isPresent()) {
      StagedCertificate s = existing.get();
      log.info("{} is already staged in Certmgr (staging {} by {} until {}): not staging again",
          fqdn, s.id(), s.requestor(), s.end());
      return s;
    }
    Answer answer = send("POST", base.resolve(STAGED), json(new StageRequest(fqdn)));
    if (!answer.isSuccess()) {
      throw refusalOrUnavailable("stage " + fqdn, answer);
    }
    StagedCertificate staged =
        answer.json().filter(n -> n.has("id")).map(this::toStaging)
            .or(() -> staged(fqdn).stream().max(Comparator.comparingLong(StagedCertificate::id)))
            .orElseThrow(() -> new CertmgrUnavailableException(
                answer.status(), "Certmgr accepted the staging of " + fqdn + " but does not list it; try again", null));
    log.info("Staged {} in Certmgr (staging {}, valid until {})", fqdn, staged.id(), staged.end());
    return staged;
  }

  @Override
  public List<StagedCertificate> staged(String hostname) {
    String fqdn = fqdn(hostname);
    List<StagedCertificate> result = new ArrayList<>();
    URI page = base.resolve(STAGED + "?hostname=" + URLEncoder.encode(fqdn, StandardCharsets.UTF_8));
    for (int i = 0; page != null && i < MAX_PAGES; i++) {
      Answer answer = send("GET", page, null);
      if (!answer.isSuccess()) {
        throw refusalOrUnavailable("list the stagings of " + fqdn, answer);
      }
      JsonNode body = answer.json().orElseThrow(() -> invalid("list the stagings of " + fqdn, answer));
      for (JsonNode o : body.path("objects")) {
        StagedCertificate s = toStaging(o);
        if (fqdn.equalsIgnoreCase(s.hostname())) {
          result.add(s);
        }
      }
      String next = body.path("meta").path("next").asText(null);
      page = next == null || next.isBlank() || "null".equals(next) ? null : page.resolve(next);
    }
    result.sort(Comparator.comparingLong(StagedCertificate::id));
    return result;
  }

  @Override
  public boolean unstage(long id) {
    Answer answer = send("DELETE", base.resolve(STAGED + id + "/"), null);
    if (answer.status() == 404) {
      return false;
    }
    if (!answer.isSuccess()) {
      throw refusalOrUnavailable("remove staging " + id, answer);
    }
    log.info("Removed staging {} from Certmgr", id);
    return true;
  }

  // --- mapping ------------------------------------------------------------------------------

  private record StageRequest(String hostname) {}

  private StagedCertificate toStaging(JsonNode o) {
    return new StagedCertificate(
        o.path("id").asLong(),
        o.path("hostname").asText(null),
        o.path("requestor").asText(null),
        o.path("start").asText(null),
        o.path("end").asText(null));
  }

  /** False only for an end that parses and has passed; an end we cannot read counts as valid. */
  private boolean notExpired(StagedCertificate s) {
    return parse(s.end()).map(end -> end.isAfter(clock.instant())).orElse(true);
  }

  private static Optional<Instant> parse(String time) {
    if (time == null || time.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(time).toInstant());
    } catch (DateTimeParseException e) {
      try {
        // Django without time zone support writes local times; CERN's servers run in UTC.
        return Optional.of(LocalDateTime.parse(time).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
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

  /**
   * 5xx is Certmgr failing (retry); any other answer is Certmgr deciding. ai-bs ignores 401/403 and
   * other codes and boots a VM that never gets a certificate; we stop with what to do instead.
   */
  private CertmgrException refusalOrUnavailable(String what, Answer answer) {
    int status = answer.status();
    String said = answer.message();
    if (status >= 500) {
      return new CertmgrUnavailableException(
          status, "Certmgr failed to " + what + " (HTTP " + status + ": " + said + "); try again later", null);
    }
    String advice =
        switch (status) {
          case 401 -> auth.rejectionAdvice();
          case 403 -> "the runbooks' account may not do this in Certmgr: ask the Certmgr service to allow it"
              + " to stage this host, or stage it by hand (ai-bs/ai-rebuild-vm do the same staging)";
          case 404 -> "no Certmgr staging API at " + base + STAGED + ": check runbooks.certmgr.url";
          default -> status >= 300 && status < 400
              ? "Certmgr redirected to " + answer.location() + ": check runbooks.certmgr.url"
              : "fix what Certmgr reports, then retry";
        };
    String message =
        "Certmgr refused to " + what + " (HTTP " + status + (said.isEmpty() ? "" : ": " + said) + "); " + advice
            + ". Without a staging the VM never gets a Puppet certificate.";
    log.warn(message);
    return new CertmgrRefusedException(status, message);
  }

  private CertmgrUnavailableException invalid(String what, Answer answer) {
    return new CertmgrUnavailableException(
        answer.status(), "Certmgr answered " + what + " with something that is not JSON: " + answer.message(), null);
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

    /** Certmgr's error in a line: {@code {"error": ...}}, field errors, or the start of the body. */
    String message() {
      Optional<JsonNode> node = json();
      if (node.isPresent() && node.get().isObject()) {
        if (node.get().has("error")) {
          return node.get().get("error").asText();
        }
        List<String> parts = new ArrayList<>();
        node.get().fields().forEachRemaining(f -> parts.add(f.getKey() + ": " + text(f.getValue())));
        return String.join("; ", parts);
      }
      String s = body.strip();
      return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private String text(JsonNode value) {
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
      String message = "cannot authenticate to Certmgr for " + method + " " + uri.getPath() + ": " + e.getMessage();
      if (e.isTransient()) {
        throw new CertmgrUnavailableException(0, message, e);
      }
      log.warn(message);
      throw new CertmgrRefusedException(401, message);
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
      // The timeout covers the body too: a Certmgr that stalls mid-answer must not hang the job.
      return new Answer(WholeExchange.send(http, request.build(), requestTimeout));
    } catch (IOException e) {
      throw new CertmgrUnavailableException(
          0, "Certmgr did not answer " + method + " " + uri.getPath() + ": " + e + "; try again later", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CertmgrUnavailableException(0, "interrupted calling Certmgr " + method + " " + uri.getPath(), e);
    }
  }
}
