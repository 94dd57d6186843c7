package org.alisw.runbooks.sandbox.certmgr;

import static org.alisw.runbooks.sandbox.http.SimulatedHttpServer.map;
import static org.alisw.runbooks.sandbox.http.SimulatedHttpServer.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.alisw.runbooks.sandbox.CertificateStagings;
import org.alisw.runbooks.sandbox.CertificateStagings.Staging;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SideEffects;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.http.NegotiateAcceptor;
import org.alisw.runbooks.sandbox.http.SimulatedHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Certmgr staging API on 127.0.0.1, over the data centre's {@link
 * CertificateStagings} (so that a server booting consumes what was staged here):
 *
 * <ul>
 *   <li>{@code POST /krb/certmgr/staged/ {"hostname": fqdn}}: 201 with the new staging {@code {id,
 *       hostname, requestor, start, end}}; 400 for a name that is not fully qualified;
 *   <li>{@code GET /krb/certmgr/staged/?hostname=fqdn}: Tastypie's list {@code {"meta": {limit,
 *       offset, next, previous, total_count}, "objects": [...]}}, 20 per page;
 *   <li>{@code GET} and {@code DELETE /krb/certmgr/staged/<id>/} (slash optional): the staging, or
 *       204 once removed; 404 when there is none.
 * </ul>
 *
 * <p>With credentials configured every request must carry them (HTTP Basic, or Bearer token),
 * otherwise 401; the requestor is the user (or {@code runbooks}). Faults (shared {@link Faults}):
 * {@code certmgr.staged.create}, {@code certmgr.staged.list}, {@code certmgr.staged.show}, {@code
 * certmgr.staged.delete}. A fault injected under {@link Faults#scoped(String, String)} ({@code
 * certmgr.staged.create@alibuild91}) hits only the calls about that host: staging it (the body's
 * hostname), listing its stagings ({@code ?hostname=}), reading or removing one of them (by id).
 *
 * <p>{@link #sideEffects()} counts per host the stagings created ({@code certmgr.staged.create})
 * and removed ({@code certmgr.staged.delete}) over HTTP, whether a boot consumed them since or not.
 */
public final class SimulatedCertmgr implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedCertmgr.class);

  static final String STAGED = "/krb/certmgr/staged/";
  private static final Pattern ONE = Pattern.compile("/krb/certmgr/staged/(\\d+)/?");
  private static final Pattern FQDN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}(\\.[A-Za-z0-9-]+)+");
  private static final int PAGE = 20;

  /** One HTTP request as the simulator received it (headers with lower-case names). */
  public record ReceivedRequest(String method, String path, String query, Map<String, String> headers, String body) {}

  private final SimulatedDataCentre dc;
  private final Faults faults;
  private final String username;
  private final String secret;
  private final Queue<ReceivedRequest> requests = new ConcurrentLinkedQueue<>();
  private final SideEffects sideEffects = new SideEffects();
  private int port;
  private SSLContext tls;
  private volatile NegotiateAcceptor kerberos;
  private SimulatedHttpServer http;

  /**
   * @param port 0 for a free port
   * @param username with {@code secret}: HTTP Basic; without: {@code secret} as Bearer token
   * @param secret null to let every request in
   */
  public SimulatedCertmgr(SimulatedDataCentre dc, Faults faults, int port, String username, String secret) {
    this.dc = dc;
    this.faults = faults;
    this.port = port;
    this.username = username;
    this.secret = secret == null || secret.isBlank() ? null : secret;
  }

  public synchronized SimulatedCertmgr withTls(SSLContext context) {
    this.tls = context;
    return this;
  }

  /**
   * Kerberos mode (call before {@link #start()}): only a {@code Negotiate} token this acceptor
   * validates gets in, anything else is answered 401 with {@code WWW-Authenticate: Negotiate}.
   */
  public synchronized SimulatedCertmgr withKerberos(NegotiateAcceptor acceptor) {
    this.kerberos = acceptor;
    return this;
  }

  public synchronized SimulatedCertmgr start() {
    http = SimulatedHttpServer.start("simulated-certmgr", port, tls, this::handle);
    http.beforeEachAnswer(dc::beforeAnswer);
    port = http.port();
    log.info("Simulated Certmgr on {}://127.0.0.1:{}", tls == null ? "http" : "https", port);
    return this;
  }

  public int port() {
    return port;
  }

  /** Every request received, in order. */
  public List<ReceivedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The faults this Certmgr answers with (operations in the class comment), to inject and clear. */
  public Faults faults() {
    return faults;
  }

  /** Stagings created and removed over HTTP, per host (see the class comment). */
  public SideEffects sideEffects() {
    return sideEffects;
  }

  @Override
  public synchronized void close() {
    if (http != null) {
      http.close();
    }
  }

  // --- HTTP ---------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = SimulatedHttpServer.headers(ex);
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery();
    String method = ex.getRequestMethod();
    requests.add(new ReceivedRequest(method, path, query, headers, body));
    Matcher one = ONE.matcher(path);
    String operation = operation(method, path, one.matches());
    if (operation == null) {
      sendJson(ex, 404, map("error", "Not found: " + path));
      return;
    }
    String scope = hostOf(operation, body, query, one);
    if (!SimulatedHttpServer.proceedAfter(faults.next(operation, scope), ex, (e, f) -> sendJson(e, f.status(), map("error", f.message())))) {
      return;
    }
    if (!authenticated(headers.get("authorization"))) {
      if (kerberos != null) {
        NegotiateAcceptor.challenge(ex);
      }
      sendJson(ex, 401, map("error", "Authentication required"));
      return;
    }
    // Settle the servers first: a boot that has finished by now has consumed its staging.
    dc.servers().forEach(s -> s.status(dc.now()));
    switch (operation) {
      case "certmgr.staged.create" -> create(ex, body, headers.get("authorization"));
      case "certmgr.staged.list" -> list(ex, query);
      case "certmgr.staged.show" -> show(ex, Long.parseLong(one.group(1)));
      default -> delete(ex, Long.parseLong(one.group(1)));
    }
  }

  /** The host a call is about, for faults scoped to one host; null when it names none. */
  private String hostOf(String operation, String body, String query, Matcher one) {
    return switch (operation) {
      case "certmgr.staged.create" -> {
        try {
          String hostname = SimulatedHttpServer.JSON.readTree(body.isBlank() ? "{}" : body).path("hostname").asText("");
          yield hostname.isBlank() ? null : hostname;
        } catch (IOException e) {
          yield null;
        }
      }
      case "certmgr.staged.list" -> param(query, "hostname");
      default -> dc.certificateStagings().byId(Long.parseLong(one.group(1))).map(Staging::hostname).orElse(null);
    };
  }

  private static String operation(String method, String path, boolean one) {
    if (path.equals(STAGED)) {
      return switch (method) {
        case "POST" -> "certmgr.staged.create";
        case "GET" -> "certmgr.staged.list";
        default -> null;
      };
    }
    if (one) {
      return switch (method) {
        case "GET" -> "certmgr.staged.show";
        case "DELETE" -> "certmgr.staged.delete";
        default -> null;
      };
    }
    return null;
  }

  private void create(HttpExchange ex, String body, String authorization) throws IOException {
    JsonNode request;
    try {
      request = SimulatedHttpServer.JSON.readTree(body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      sendJson(ex, 400, map("error", "The request body is not valid JSON"));
      return;
    }
    String hostname = request.path("hostname").asText("");
    if (!FQDN.matcher(hostname).matches()) {
      sendJson(ex, 400, map("hostname", List.of("Enter a fully qualified host name, not '" + hostname + "'.")));
      return;
    }
    Staging s = dc.certificateStagings().stage(hostname, requestor(authorization), dc.now());
    sideEffects.record("certmgr.staged.create", hostname);
    sendJson(ex, 201, json(s));
  }

  private void list(HttpExchange ex, String query) throws IOException {
    String hostname = param(query, "hostname");
    List<Staging> all = hostname == null ? dc.certificateStagings().all() : dc.certificateStagings().of(hostname);
    int offset = intParam(query, "offset", 0);
    int limit = intParam(query, "limit", PAGE);
    List<Object> objects = new ArrayList<>();
    for (int i = offset; i < all.size() && i < offset + limit; i++) {
      objects.add(json(all.get(i)));
    }
    String filter = hostname == null ? "" : "hostname=" + java.net.URLEncoder.encode(hostname, StandardCharsets.UTF_8) + "&";
    String next = offset + limit < all.size() ? STAGED + "?" + filter + "limit=" + limit + "&offset=" + (offset + limit) : null;
    String previous = offset > 0 ? STAGED + "?" + filter + "limit=" + limit + "&offset=" + Math.max(0, offset - limit) : null;
    sendJson(ex, 200, map(
        "meta", map("limit", limit, "next", next, "offset", offset, "previous", previous, "total_count", all.size()),
        "objects", objects));
  }

  private void show(HttpExchange ex, long id) throws IOException {
    Optional<Staging> s = dc.certificateStagings().byId(id);
    if (s.isEmpty()) {
      sendJson(ex, 404, map("error", "No staged host with id " + id));
    } else {
      sendJson(ex, 200, json(s.get()));
    }
  }

  private void delete(HttpExchange ex, long id) throws IOException {
    Optional<Staging> staging = dc.certificateStagings().byId(id);
    if (staging.isPresent() && dc.certificateStagings().remove(id)) {
      sideEffects.record("certmgr.staged.delete", staging.get().hostname());
      SimulatedHttpServer.send(ex, 204, null, new byte[0]);
    } else {
      sendJson(ex, 404, map("error", "No staged host with id " + id));
    }
  }

  private static Map<String, Object> json(Staging s) {
    return map(
        "id", s.id(),
        "hostname", s.hostname(),
        "requestor", s.requestor(),
        "start", s.start().toString(),
        "end", s.end().toString(),
        "resource_uri", STAGED + s.id() + "/");
  }

  private static int intParam(String query, String name, int fallback) {
    String value = param(query, name);
    try {
      return value == null ? fallback : Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private boolean authenticated(String authorization) {
    if (kerberos != null) {
      return kerberos.accept(authorization).isPresent();
    }
    if (secret == null) {
      return true;
    }
    return expected().equals(authorization);
  }

  private String expected() {
    return username != null
        ? "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8))
        : "Bearer " + secret;
  }

  private String requestor(String authorization) {
    return username != null && authorization != null ? username : "runbooks";
  }

  private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
    SimulatedHttpServer.sendJson(ex, status, body);
  }
}
