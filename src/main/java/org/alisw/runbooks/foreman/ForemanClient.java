package org.alisw.runbooks.foreman;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.foreman.ConfigReport.ReportLog;
import org.alisw.runbooks.http.AuthenticationUnavailableException;
import org.alisw.runbooks.http.HttpAuthentication;
import org.alisw.runbooks.http.TrustedCertificates;
import org.alisw.runbooks.http.WholeExchange;
import org.alisw.runbooks.kerberos.AdapterAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConfigManagementPort} over Foreman's API v2 (JSON over HTTPS). Authenticates with SPNEGO
 * ({@code auth=kerberos}: the engine's principal and keytab, the host behind a load-balanced
 * alias), HTTP Basic (user + password, or user + personal access token) or a Bearer token (token
 * without user); trusts the configured CA bundle, else the JDK's. Credentials are never logged.
 */
public class ForemanClient implements ConfigManagementPort {

  private static final Logger log = LoggerFactory.getLogger(ForemanClient.class);

  /** Enough to see that a lookup found more than one match. */
  private static final int LOOKUP_PAGE = 20;

  private final String api;
  private final HttpAuthentication auth;
  private final String domain;
  private final String owner;
  private final Map<String, Object> hostDefaults;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @throws IllegalArgumentException when credentials would go over plain HTTP to a URL not
   *     explicitly allowed (start-up validation says the same; this guards other callers)
   */
  public ForemanClient(ForemanProperties p) {
    String refusal = p.insecureUrlRefusal();
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    String base = p.getUrl().toString();
    this.api = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v2";
    this.auth = AdapterAuthentication.of(
        "Foreman", "runbooks.foreman", "FOREMAN_PASSWORD / FOREMAN_TOKEN", p.getAuth(), p.getUsername(),
        p.getPassword(), p.getToken(), p.getKerberos());
    this.domain = p.getDomain();
    this.owner = p.ownerLogin();
    this.hostDefaults = Map.copyOf(p.getHostDefaults());
    this.requestTimeout = p.getRequestTimeout();
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(p.getConnectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (p.getCaBundle() != null) {
      builder.sslContext(TrustedCertificates.sslContext(p.getCaBundle()));
    }
    this.http = builder.build();
  }

  // --- hosts --------------------------------------------------------------------------------

  @Override
  public ForemanHost register(String hostname, String hostgroup, String environment, String marker) {
    String fqdn = fqdn(hostname);
    Optional<ForemanHost> existing = host(fqdn);
    if (existing.isPresent()) {
      return adopt(existing.get(), hostgroup, environment, marker);
    }
    if (!ForemanProperties.isSet(owner)) {
      throw new IllegalStateException(
          "cannot register " + fqdn + ": no owner configured (runbooks.foreman.owner or runbooks.foreman.username)");
    }
    // The lookups and the body of ai-bs (ForemanClient.addhost): an unmanaged host, owned by a user.
    long environmentId = exactlyOne("environments", "name", environment);
    long hostgroupId = exactlyOne("hostgroups", "label", hostgroup);
    long ownerId = exactlyOne("users", "login", owner);
    Map<String, Object> host = new LinkedHashMap<>(hostDefaults);
    host.put("name", fqdn);
    host.put("managed", false);
    host.put("environment_id", environmentId);
    host.put("hostgroup_id", hostgroupId);
    host.put("owner_type", "User");
    host.put("owner_id", ownerId);
    if (marker != null) {
      host.put("comment", marker); // Foreman's free-text field: who registered it, so a retry can prove it is ours
    }
    JsonNode created = send("POST", "/hosts", Map.of("host", host)).orElseThrow();
    log.info(
        "Registered {} in Foreman with hostgroup {}, environment {}, owner {}", fqdn, hostgroup, environment, owner);
    return toHost(created);
  }

  /**
   * A host registered earlier (by a previous attempt of this job) is ours if nothing differs and,
   * when a marker is asked for, it carries that marker in its comment.
   */
  private static ForemanHost adopt(ForemanHost h, String hostgroup, String environment, String marker) {
    if (marker != null && !marker.equals(h.comment())) {
      throw new ForemanException(
          409, h.name() + " is already registered in Foreman, not by this runbook (comment: " + h.comment() + ")");
    }
    if (hostgroup.equals(h.hostgroup()) && environment.equals(h.environment())) {
      log.info("{} is already registered in Foreman with hostgroup {} and environment {}", h.name(), hostgroup, environment);
      return h;
    }
    throw new ForemanException(
        409,
        h.name() + " is already registered with hostgroup " + h.hostgroup() + " and environment "
            + h.environment() + ", not " + hostgroup + " and " + environment);
  }

  @Override
  public ForemanHost requireHost(String hostname) {
    String fqdn = fqdn(hostname);
    return host(fqdn)
        .orElseThrow(() -> new ForemanException(404, "Foreman does not know " + fqdn + ": VM not rebuilt"));
  }

  @Override
  public Optional<ForemanHost> host(String hostname) {
    return send("GET", "/hosts/" + encode(fqdn(hostname)), null).map(this::toHost);
  }

  @Override
  public boolean delete(String hostname) {
    String fqdn = fqdn(hostname);
    boolean existed = send("DELETE", "/hosts/" + encode(fqdn), null).isPresent();
    if (existed) {
      log.info("Deleted {} from Foreman", fqdn);
    }
    return existed;
  }

  // --- reports ------------------------------------------------------------------------------

  @Override
  public Optional<ConfigReport> lastReport(String hostname) {
    return send("GET", "/hosts/" + encode(fqdn(hostname)) + "/config_reports/last", null)
        .map(this::toReport);
  }

  @Override
  public ConfigurationStatus configurationStatus(String hostname) {
    String fqdn = fqdn(hostname);
    JsonNode status =
        send("GET", "/hosts/" + encode(fqdn) + "/status/configuration", null)
            .orElseThrow(() -> new ForemanException(404, "Foreman has no host " + fqdn));
    return new ConfigurationStatus(status.path("status").asInt(), status.path("status_label").asText(null));
  }

  // --- lookups the preflight makes ---------------------------------------------------------

  @Override
  public boolean hostgroupExists(String label) {
    return count("hostgroups", "label", label) == 1;
  }

  @Override
  public boolean environmentExists(String name) {
    return count("environments", "name", name) == 1;
  }

  // --- mapping ------------------------------------------------------------------------------

  private ForemanHost toHost(JsonNode h) {
    return new ForemanHost(
        h.path("id").asLong(),
        h.path("name").asText(),
        h.path("hostgroup_title").asText(h.path("hostgroup_name").asText(null)),
        h.path("environment_name").asText(null),
        h.path("build").asBoolean(false),
        h.path("configuration_status_label").asText(null),
        h.path("global_status_label").asText(null),
        h.path("last_report").isNull() ? null : h.path("last_report").asText(null),
        h.path("comment").isNull() ? null : h.path("comment").asText(null));
  }

  private ConfigReport toReport(JsonNode r) {
    JsonNode status = r.path("status");
    List<ReportLog> logs = new ArrayList<>();
    for (JsonNode l : r.path("logs")) {
      logs.add(
          new ReportLog(
              l.path("level").asText(null),
              l.path("source").path("source").asText(null),
              l.path("message").path("message").asText(null)));
    }
    return new ConfigReport(
        r.path("id").asLong(),
        r.path("host_name").asText(null),
        r.path("reported_at").asText(null),
        status.path("applied").asInt(),
        status.path("restarted").asInt(),
        status.path("failed").asInt(),
        status.path("failed_restarts").asInt(),
        status.path("skipped").asInt(),
        status.path("pending").asInt(),
        logs);
  }

  /**
   * The id of the one {@code collection} entry whose {@code field} is {@code value}, as ai-bs looks
   * it up; zero or several matches are an error naming the lookup.
   */
  private long exactlyOne(String collection, String field, String value) {
    String search = field + "=\"" + value + "\"";
    String lookup = "GET /" + collection + "?search=" + search;
    JsonNode page =
        send("GET", "/" + collection + "?search=" + encode(search) + "&per_page=" + LOOKUP_PAGE, null)
            .orElseThrow(() -> new ForemanException(404, lookup + " failed: Foreman has no such collection"));
    JsonNode results = page.path("results");
    int found = page.has("subtotal") ? page.path("subtotal").asInt() : results.size();
    if (found != 1 || results.size() != 1) {
      throw new ForemanException(
          422,
          lookup + " found " + found + " results, expected exactly one (" + what(collection) + " "
              + value + (found == 0 ? " does not exist in Foreman)" : " is ambiguous)"));
    }
    return results.get(0).path("id").asLong();
  }

  /** How many {@code collection} entries have {@code field} = {@code value} (the search ai-bs makes). */
  private int count(String collection, String field, String value) {
    String search = field + "=\"" + value + "\"";
    JsonNode page =
        send("GET", "/" + collection + "?search=" + encode(search) + "&per_page=" + LOOKUP_PAGE, null)
            .orElseThrow(() -> new ForemanException(404, "GET /" + collection + " failed: Foreman has no such collection"));
    JsonNode results = page.path("results");
    int exact = 0;
    for (JsonNode result : results) {
      // Foreman's search may match more loosely than equality: count exact matches only.
      // A hostgroup's label is its title (alibuild/mesos/master); Foreman lists it as title.
      String actual = result.path(field).asText(field.equals("label") ? result.path("title").asText(null) : null);
      if (value.equals(actual)) {
        exact++;
      }
    }
    return exact;
  }

  private static String what(String collection) {
    return switch (collection) {
      case "environments" -> "Puppet environment";
      case "hostgroups" -> "hostgroup";
      case "users" -> "owner";
      default -> collection;
    };
  }

  String fqdn(String hostname) {
    if (hostname.contains(".") || domain == null || domain.isBlank()) {
      return hostname;
    }
    return hostname + "." + domain;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // --- HTTP ---------------------------------------------------------------------------------

  /** The answer's JSON; empty on 404; ForemanException on any other failure. */
  private Optional<JsonNode> send(String method, String path, Object body) {
    HttpAuthentication.Authenticated target;
    try {
      target = auth.authenticate(URI.create(api + path));
    } catch (AuthenticationUnavailableException e) {
      if (e.isTransient()) {
        throw new ForemanException("cannot authenticate to Foreman for " + method + " " + path + ": " + e.getMessage(), e);
      }
      throw new ForemanException(401, "cannot authenticate to Foreman for " + method + " " + path + ": " + e.getMessage());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.url())
            .timeout(requestTimeout)
            .header("Accept", "application/json,version=2");
    if (target.authorization() != null) {
      request.header("Authorization", target.authorization());
    }
    if (body != null) {
      try {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e);
      }
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      // The timeout covers the body too: a Foreman that stalls mid-answer must not hang the job.
      response = WholeExchange.send(http, request.build(), requestTimeout);
    } catch (IOException e) {
      throw new ForemanException("Foreman did not answer " + method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForemanException("interrupted calling Foreman " + method + " " + path, e);
    }
    int status = response.statusCode();
    if (status == 404) {
      return Optional.empty();
    }
    if (status < 200 || status >= 300) {
      throw new ForemanException(
          status, "Foreman answered " + method + " " + path + " with HTTP " + status + ": " + errorMessage(response.body())
              + (status == 401 ? "; " + auth.rejectionAdvice() : ""));
    }
    try {
      String text = response.body();
      return Optional.of(text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text));
    } catch (JsonProcessingException e) {
      throw new ForemanException(status, "Foreman answered " + method + " " + path + " with invalid JSON");
    }
  }

  private String errorMessage(String body) {
    try {
      JsonNode error = json.readTree(body).path("error");
      if (error.has("full_messages")) {
        List<String> messages = new ArrayList<>();
        error.get("full_messages").forEach(m -> messages.add(m.asText()));
        return String.join("; ", messages);
      }
      if (error.has("message")) {
        return error.get("message").asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON
    }
    String s = body == null ? "" : body.strip();
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
