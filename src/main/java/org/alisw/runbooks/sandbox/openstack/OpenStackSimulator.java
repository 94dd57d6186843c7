package org.alisw.runbooks.sandbox.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.http.SimulatedHttpServer;
import org.alisw.runbooks.sandbox.openstack.SimulatedKeystone.IssuedToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated OpenStack cloud over HTTP, laid out like DevStack behind one port: Keystone v3 under
 * {@code /identity/v3}, Nova under {@code /compute/v2.1}, Cinder under {@code
 * /volume/v3/{project_id}}, Glance under {@code /image/v2}. Backed by the shared {@link
 * SimulatedDataCentre}, so a server Nova boots is the server SSH, Foreman and Mesos see.
 *
 * <p>Every route has an operation name (for example {@code nova.servers.reboot}) under which
 * {@link #faults()} can make the next calls fail; {@code OPERATION@ID} (the route's first path
 * parameter, a server's id on Nova's server routes) makes only the calls about that resource fail.
 * Every request is recorded for the tests.
 */
public final class OpenStackSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpenStackSimulator.class);
  static final ObjectMapper JSON = SimulatedHttpServer.JSON;

  private volatile SimulatedHttpServer http;
  private final SimulatedDataCentre dataCentre;
  private final SimulatedKeystone keystone;
  private final SimulatedNova nova;
  private final SimulatedCinder cinder;
  private final SimulatedGlance glance;
  private final Faults faults = new Faults();
  private final List<Route> routes = new ArrayList<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private volatile Duration latency = Duration.ZERO;

  private OpenStackSimulator(SimulatedDataCentre dataCentre, String region) {
    this.dataCentre = dataCentre;
    this.keystone = new SimulatedKeystone(dataCentre, this::baseUrl, region);
    this.glance = new SimulatedGlance();
    this.cinder = new SimulatedCinder(dataCentre);
    this.nova = new SimulatedNova(dataCentre, keystone, glance, cinder, faults);
    keystone.registerRoutes(this);
    nova.registerRoutes(this);
    cinder.registerRoutes(this);
    glance.registerRoutes(this);
  }

  /**
   * Starts a simulator on the loopback interface.
   *
   * @param port the port to bind, 0 for any free one
   * @param region the region every catalog endpoint is in
   */
  public static OpenStackSimulator start(SimulatedDataCentre dataCentre, int port, String region) {
    OpenStackSimulator simulator = new OpenStackSimulator(dataCentre, region);
    simulator.http = SimulatedHttpServer.start("openstack-simulator", port, null, simulator::handle);
    simulator.http.beforeEachAnswer(simulator.dataCentre::beforeAnswer);
    log.info("Simulated OpenStack listening on {}", simulator.baseUrl());
    return simulator;
  }

  /** The name of OpenStack's part of the sandbox's world ({@code SandboxWorld}). */
  public static final String WORLD_PART = "openstack";

  /** Nova's servers and keypairs, Cinder's volumes, Glance's images: the cloud's share of the world. */
  record Snapshot(SimulatedNova.Snapshot nova, SimulatedCinder.Snapshot cinder, List<SimulatedGlance.Image> images) {}

  /** This cloud's part of a {@link SandboxWorld}. */
  public SandboxWorld.Part worldPart() {
    return SandboxWorld.part(
        Snapshot.class,
        () -> new Snapshot(nova.snapshot(), cinder.snapshot(), glance.snapshot()),
        s -> {
          glance.restore(s.images());
          cinder.restore(s.cinder());
          nova.restore(s.nova());
        });
  }

  /** {@code http://127.0.0.1:PORT}, the root every service lives under. */
  public String baseUrl() {
    return "http://127.0.0.1:" + http.port();
  }

  /** The Keystone v3 URL, what {@code OS_AUTH_URL} is set to. */
  public URI authUrl() {
    return URI.create(baseUrl() + "/identity/v3");
  }

  public int port() {
    return http.port();
  }

  public SimulatedKeystone keystone() {
    return keystone;
  }

  public SimulatedNova nova() {
    return nova;
  }

  public SimulatedCinder cinder() {
    return cinder;
  }

  public SimulatedGlance glance() {
    return glance;
  }

  public SimulatedDataCentre dataCentre() {
    return dataCentre;
  }

  /** Faults by operation name, for example {@code nova.servers.reboot}; see docs/openstack.md. */
  public Faults faults() {
    return faults;
  }

  /**
   * How long every request waits before it is handled (a WAN round trip plus the service's own
   * time), on top of any injected {@code Latency} fault; zero by default. The benchmarks set it.
   */
  public void setLatency(Duration latency) {
    if (latency == null || latency.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or positive, not " + latency);
    }
    this.latency = latency;
  }

  public Duration latency() {
    return latency;
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The requests with this method whose path matches the regular expression. */
  public List<RecordedRequest> requests(String method, String pathRegex) {
    Pattern pattern = Pattern.compile(pathRegex);
    return requests.stream()
        .filter(r -> r.method().equals(method) && pattern.matcher(r.path()).matches())
        .toList();
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    http.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Routing

  /** What a route answers: status, JSON body (or null), extra headers. */
  record Response(int status, Object body, Map<String, String> headers) {

    static Response json(int status, Object body) {
      return new Response(status, body, Map.of());
    }

    static Response empty(int status) {
      return new Response(status, null, Map.of());
    }
  }

  /** One request as a route sees it. */
  record Call(
      String method,
      String path,
      Map<String, List<String>> query,
      JsonNode body,
      Matcher matcher,
      IssuedToken token) {

    String param(int group) {
      return matcher.group(group);
    }

    Optional<String> query(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The project key (as the data centre knows it) the token is scoped to. */
    String project() {
      return token.project().key();
    }
  }

  @FunctionalInterface
  interface Handler {
    Response handle(Call call);
  }

  private record Route(
      String method, Pattern pattern, String operation, boolean authenticated, Handler handler) {}

  /** A route that needs a valid token. */
  void route(String method, String pathRegex, String operation, Handler handler) {
    routes.add(new Route(method, Pattern.compile(pathRegex), operation, true, handler));
  }

  /** A route that needs no token (Keystone's own token issuing). */
  void publicRoute(String method, String pathRegex, String operation, Handler handler) {
    routes.add(new Route(method, Pattern.compile(pathRegex), operation, false, handler));
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    try {
      Map<String, List<String>> query = SimulatedHttpServer.query(exchange.getRequestURI().getRawQuery());
      JsonNode body = readBody(exchange.getRequestBody());
      Optional<IssuedToken> token =
          keystone.validate(exchange.getRequestHeaders().getFirst("X-Auth-Token"));
      requests.add(new RecordedRequest(method, path, query, body, token.isPresent()));
      Duration wait = latency;
      if (!wait.isZero()) {
        SimulatedHttpServer.sleep(wait);
      }
      Response response = dispatch(method, path, query, body, token, exchange);
      if (response != null) {
        send(exchange, response);
      }
    } catch (ApiError e) {
      send(exchange, errorResponse(e));
    } catch (RuntimeException e) {
      log.warn("Simulated OpenStack failed on {} {}", method, path, e);
      send(exchange, errorResponse(ApiError.forStatus(500, "Unexpected API Error.")));
    }
  }

  /** The route's answer, or null when an injected fault dropped the connection. */
  private Response dispatch(
      String method,
      String path,
      Map<String, List<String>> query,
      JsonNode body,
      Optional<IssuedToken> token,
      HttpExchange exchange)
      throws IOException {
    boolean pathKnown = false;
    for (Route route : routes) {
      Matcher matcher = route.pattern().matcher(path);
      if (!matcher.matches()) {
        continue;
      }
      pathKnown = true;
      if (!route.method().equals(method)) {
        continue;
      }
      if (route.authenticated() && token.isEmpty()) {
        throw ApiError.unauthorized("The request you have made requires authentication.");
      }
      if (route.authenticated() && token.get().project() == null) {
        // Nova, Cinder and Glance act within a project: an unscoped token is not enough.
        throw new ApiError(403, "forbidden", "Project-scoped token required.");
      }
      // A fault under OPERATION@PARAMETER (the route's first path parameter: a server's id on
      // Nova's server routes) hits that resource only, and is looked up first.
      String scope = matcher.groupCount() >= 1 ? matcher.group(1) : null;
      Optional<Faults.Fault> fault =
          (scope == null ? Optional.<Faults.Fault>empty() : faults.next(route.operation() + "@" + scope))
              .or(() -> faults.next(route.operation()));
      boolean answer =
          SimulatedHttpServer.proceedAfter(
              fault,
              exchange,
              (e, s) -> {
                throw ApiError.forStatus(s.status(), s.message());
              });
      if (!answer) {
        return null; // dropped
      }
      return route.handler().handle(new Call(method, path, query, body, matcher, token.orElse(null)));
    }
    if (pathKnown) {
      return Response.json(405, Map.of("error", Map.of("code", 405, "message", "Method Not Allowed")));
    }
    throw ApiError.notFound("The resource could not be found.");
  }

  private static Response errorResponse(ApiError e) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", e.status());
    detail.put("message", e.getMessage());
    if ("error".equals(e.key())) {
      detail.put("title", e.status() == 401 ? "Unauthorized" : "Error");
    }
    return Response.json(e.status(), Map.of(e.key(), detail));
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    if (response.body() == null) {
      SimulatedHttpServer.send(exchange, response.status(), null, new byte[0]);
    } else {
      SimulatedHttpServer.sendJson(exchange, response.status(), response.body());
    }
  }

  private static JsonNode readBody(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw ApiError.badRequest("Malformed request body");
    }
  }

}
