package org.alisw.runbooks.sandbox.roger;

import static org.alisw.runbooks.sandbox.http.SimulatedHttpServer.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SideEffects;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.http.NegotiateAcceptor;
import org.alisw.runbooks.sandbox.http.SimulatedHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Roger state API on 127.0.0.1, one entry per host:
 *
 * <ul>
 *   <li>{@code GET /roger/v1/state/<fqdn>/}: the entry {@code {hostname, appstate, nc_alarmed,
 *       hw_alarmed, os_alarmed, app_alarmed, message, updated_by, update_time, expires}}, or 404;
 *   <li>{@code POST /roger/v1/state/}: creates an entry (201); a new entry has its alarms off unless
 *       the body says otherwise, as ai-tools expect; 400 if it exists or the app state is unknown;
 *   <li>{@code PUT /roger/v1/state/<fqdn>/}: changes the fields the body carries, keeps the others
 *       (200), 404 when there is no entry;
 *   <li>{@code DELETE /roger/v1/state/<fqdn>/}: 204, or 404.
 * </ul>
 *
 * <p>The machines of the data centre at start are in {@code production} with every alarm on.
 * With credentials configured every request must carry them, otherwise 401. Faults (shared {@link
 * Faults}): {@code roger.state.show}, {@code roger.state.create}, {@code roger.state.update},
 * {@code roger.state.delete}. A fault injected under {@link Faults#scoped(String, String)}
 * ({@code roger.state.update@alibuild91}) hits only the calls about that host (the path's host
 * name, or the body's for a POST).
 *
 * <p>{@link #sideEffects()} counts per host the entries created ({@code roger.state.create}),
 * changed ({@code roger.state.update}) and removed ({@code roger.state.delete}) over HTTP.
 */
public final class SimulatedRoger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedRoger.class);

  static final String STATE = "/roger/v1/state/";
  private static final Pattern ONE = Pattern.compile("/roger/v1/state/([^/]+)/?");
  /** Roger's app states; the runbooks set build, production and disabled. */
  public static final Set<String> APP_STATES = Set.of("production", "build", "disabled", "draining", "intervention");
  private static final List<String> ALARMS = List.of("nc_alarmed", "hw_alarmed", "os_alarmed", "app_alarmed");

  /** One HTTP request as the simulator received it (headers with lower-case names). */
  public record ReceivedRequest(String method, String path, String query, Map<String, String> headers, String body) {}

  /** A host's entry. */
  public record State(
      String hostname, String appstate, boolean ncAlarmed, boolean hwAlarmed, boolean osAlarmed,
      boolean appAlarmed, String message, String updatedBy, String updateTime) {}

  private final SimulatedDataCentre dc;
  private final Faults faults;
  private final String username;
  private final String secret;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private final Queue<ReceivedRequest> requests = new ConcurrentLinkedQueue<>();
  private final SideEffects sideEffects = new SideEffects();
  private int port;
  private SSLContext tls;
  private volatile NegotiateAcceptor kerberos;
  private SimulatedHttpServer http;

  /**
   * @param domain of the seeded machines' entries ({@code alibuild01.cern.ch})
   * @param port 0 for a free port
   * @param username with {@code secret}: HTTP Basic; without: {@code secret} as Bearer token
   * @param secret null to let every request in
   */
  public SimulatedRoger(
      SimulatedDataCentre dc, Faults faults, String domain, int port, String username, String secret) {
    this.dc = dc;
    this.faults = faults;
    this.port = port;
    this.username = username;
    this.secret = secret == null || secret.isBlank() ? null : secret;
    for (SimulatedServer s : dc.servers()) {
      String fqdn = s.name() + "." + domain;
      states.put(fqdn, new State(fqdn, "production", true, true, true, true, null, "sandbox", dc.now().toString()));
    }
  }

  public synchronized SimulatedRoger withTls(SSLContext context) {
    this.tls = context;
    return this;
  }

  /**
   * Kerberos mode (call before {@link #start()}): only a {@code Negotiate} token this acceptor
   * validates gets in, anything else is answered 401 with {@code WWW-Authenticate: Negotiate}.
   */
  public synchronized SimulatedRoger withKerberos(NegotiateAcceptor acceptor) {
    this.kerberos = acceptor;
    return this;
  }

  public synchronized SimulatedRoger start() {
    http = SimulatedHttpServer.start("simulated-roger", port, tls, this::handle);
    http.beforeEachAnswer(dc::beforeAnswer);
    port = http.port();
    log.info("Simulated Roger on {}://127.0.0.1:{} with {} hosts", tls == null ? "http" : "https", port, states.size());
    return this;
  }

  public int port() {
    return port;
  }

  /** The name of Roger's part of the {@link SandboxWorld}. */
  public static final String WORLD_PART = "roger";

  record Snapshot(List<State> states) {}

  /** Every host's entry, for the {@link SandboxWorld}. */
  public SandboxWorld.Part worldPart() {
    return SandboxWorld.part(
        Snapshot.class,
        () -> new Snapshot(states.values().stream().sorted(java.util.Comparator.comparing(State::hostname)).toList()),
        s -> {
          states.clear();
          s.states().forEach(state -> states.put(state.hostname(), state));
        });
  }

  /** The host's entry (fully qualified name), if any. */
  public Optional<State> state(String fqdn) {
    return Optional.ofNullable(states.get(fqdn.toLowerCase(Locale.ROOT)));
  }

  /** Every request received, in order. */
  public List<ReceivedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The faults this Roger answers with (operations in the class comment), to inject and clear. */
  public Faults faults() {
    return faults;
  }

  /** Entries created, changed and removed over HTTP, per host (see the class comment). */
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
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    requests.add(new ReceivedRequest(method, ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), headers, body));
    Matcher one = ONE.matcher(path);
    boolean aboutOne = one.matches();
    String operation = operation(method, path, aboutOne);
    if (operation == null) {
      sendJson(ex, 404, map("detail", "Not found."));
      return;
    }
    String scope = aboutOne ? host(one) : parse(body).path("hostname").asText(null);
    if (!SimulatedHttpServer.proceedAfter(faults.next(operation, scope), ex, (e, f) -> sendJson(e, f.status(), map("detail", f.message())))) {
      return;
    }
    if (!authenticated(headers.get("authorization"))) {
      if (kerberos != null) {
        NegotiateAcceptor.challenge(ex);
      }
      sendJson(ex, 401, map("detail", "Authentication credentials were not provided."));
      return;
    }
    String user = username != null && headers.get("authorization") != null ? username : "anonymous";
    switch (operation) {
      case "roger.state.create" -> create(ex, body, user);
      case "roger.state.show" -> show(ex, host(one));
      case "roger.state.update" -> update(ex, host(one), body, user);
      default -> delete(ex, host(one));
    }
  }

  private static String operation(String method, String path, boolean one) {
    if (path.equals(STATE)) {
      return "POST".equals(method) ? "roger.state.create" : null;
    }
    if (!one) {
      return null;
    }
    return switch (method) {
      case "GET" -> "roger.state.show";
      case "PUT" -> "roger.state.update";
      case "DELETE" -> "roger.state.delete";
      default -> null;
    };
  }

  private static String host(Matcher one) {
    return URLDecoder.decode(one.group(1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  private void show(HttpExchange ex, String fqdn) throws IOException {
    State s = states.get(fqdn);
    if (s == null) {
      sendJson(ex, 404, map("detail", "Not found."));
    } else {
      sendJson(ex, 200, json(s));
    }
  }

  private void create(HttpExchange ex, String body, String user) throws IOException {
    JsonNode request = parse(body);
    Optional<Map<String, Object>> invalid = invalid(request);
    if (invalid.isPresent()) {
      sendJson(ex, 400, invalid.get());
      return;
    }
    String fqdn = request.path("hostname").asText("").toLowerCase(Locale.ROOT);
    if (fqdn.isBlank()) {
      sendJson(ex, 400, map("hostname", List.of("This field is required.")));
      return;
    }
    // A new entry has its alarms off unless the request says otherwise (ai-tools rely on it).
    State fresh = new State(fqdn, "production", false, false, false, false, null, user, dc.now().toString());
    State created = apply(fresh, request, user);
    if (states.putIfAbsent(fqdn, created) != null) {
      sendJson(ex, 400, map("hostname", List.of("state with this hostname already exists.")));
      return;
    }
    sideEffects.record("roger.state.create", fqdn);
    sendJson(ex, 201, json(created));
  }

  private void update(HttpExchange ex, String fqdn, String body, String user) throws IOException {
    JsonNode request = parse(body);
    Optional<Map<String, Object>> invalid = invalid(request);
    if (invalid.isPresent()) {
      sendJson(ex, 400, invalid.get());
      return;
    }
    State updated = states.computeIfPresent(fqdn, (k, s) -> apply(s, request, user));
    if (updated == null) {
      sendJson(ex, 404, map("detail", "Not found."));
    } else {
      sideEffects.record("roger.state.update", fqdn);
      sendJson(ex, 200, json(updated));
    }
  }

  private void delete(HttpExchange ex, String fqdn) throws IOException {
    if (states.remove(fqdn) == null) {
      sendJson(ex, 404, map("detail", "Not found."));
    } else {
      sideEffects.record("roger.state.delete", fqdn);
      SimulatedHttpServer.send(ex, 204, null, new byte[0]);
    }
  }

  /** The request body; a body that is not a JSON object is answered 400 by {@link #invalid}. */
  private static JsonNode parse(String body) {
    try {
      return SimulatedHttpServer.JSON.readTree(body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      return SimulatedHttpServer.JSON.getNodeFactory().textNode(body);
    }
  }

  private static Optional<Map<String, Object>> invalid(JsonNode request) {
    if (!request.isObject()) {
      return Optional.of(map("detail", "JSON parse error"));
    }
    if (request.has("appstate") && !APP_STATES.contains(request.get("appstate").asText())) {
      return Optional.of(map("appstate", List.of("\"" + request.get("appstate").asText() + "\" is not a valid choice.")));
    }
    for (String alarm : ALARMS) {
      if (request.has(alarm) && !request.get(alarm).isBoolean()) {
        return Optional.of(map(alarm, List.of("Must be a valid boolean.")));
      }
    }
    return Optional.empty();
  }

  /** The fields the request carries replace the entry's; the others stay. */
  private State apply(State s, JsonNode r, String user) {
    return new State(
        s.hostname(),
        r.has("appstate") ? r.get("appstate").asText() : s.appstate(),
        r.has("nc_alarmed") ? r.get("nc_alarmed").asBoolean() : s.ncAlarmed(),
        r.has("hw_alarmed") ? r.get("hw_alarmed").asBoolean() : s.hwAlarmed(),
        r.has("os_alarmed") ? r.get("os_alarmed").asBoolean() : s.osAlarmed(),
        r.has("app_alarmed") ? r.get("app_alarmed").asBoolean() : s.appAlarmed(),
        r.has("message") ? r.get("message").asText() : s.message(),
        user,
        dc.now().toString());
  }

  private static Map<String, Object> json(State s) {
    return map(
        "hostname", s.hostname(),
        "appstate", s.appstate(),
        "nc_alarmed", s.ncAlarmed(),
        "hw_alarmed", s.hwAlarmed(),
        "os_alarmed", s.osAlarmed(),
        "app_alarmed", s.appAlarmed(),
        "message", s.message(),
        "updated_by", s.updatedBy(),
        "update_time", s.updateTime(),
        "expires", null);
  }

  private boolean authenticated(String authorization) {
    if (kerberos != null) {
      return kerberos.accept(authorization).isPresent();
    }
    if (secret == null) {
      return true;
    }
    String expected =
        username != null
            ? "Basic " + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8))
            : "Bearer " + secret;
    return expected.equals(authorization);
  }

  private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
    SimulatedHttpServer.sendJson(ex, status, body);
  }
}
