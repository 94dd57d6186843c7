package org.alisw.runbooks.sandbox.foreman;

import static org.alisw.runbooks.sandbox.http.SimulatedHttpServer.map;
import static org.alisw.runbooks.sandbox.http.SimulatedHttpServer.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.alisw.runbooks.sandbox.DataCentreListener;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SideEffects;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.SimulatedServer.PuppetRun;
import org.alisw.runbooks.sandbox.http.NegotiateAcceptor;
import org.alisw.runbooks.sandbox.http.SimulatedHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Foreman (API v2 subset) on 127.0.0.1, coherent with the {@link
 * SimulatedDataCentre}:
 *
 * <ul>
 *   <li>Every server of the data centre is a host ({@code NAME.DOMAIN}) in hostgroup {@code
 *       alibuild/mesos/master} or {@code alibuild/mesos/slave} and environment {@code production};
 *       deleting the server deletes the host. Hosts can also be registered before the server
 *       exists, as {@code ai-bs} does: {@code POST /hosts} is validated as Foreman validates it
 *       (unknown hostgroup, environment or owner ids, a managed host without its provisioning
 *       attributes, a taken name: 422 with {@code full_messages}).
 *   <li>The latest configuration report of a host is its server's latest puppet run ({@link
 *       SimulatedServer#lastPuppetRun()}, recorded each time the SSH simulator runs puppet): a failed
 *       run gives a report with failed resources and their messages; servers present at start have
 *       a clean report; a host whose server never ran puppet has none ("No reports").
 *   <li>Lookups by Foreman's scoped search, {@code field="value"}: environments by {@code name},
 *       hostgroups by {@code label} (or {@code title}, {@code name}), users by {@code login}. The
 *       users are {@code admin} and the configured API user.
 *   <li>With credentials configured, every request must carry them (HTTP Basic, or Bearer token),
 *       otherwise 401.
 * </ul>
 *
 * <p>Faults (shared {@link Faults}): operations {@code foreman.hosts.create}, {@code
 * foreman.hosts.show}, {@code foreman.hosts.destroy}, {@code foreman.config_reports.last}, {@code
 * foreman.hosts.status}, {@code foreman.hostgroups.index}, {@code foreman.environments.index},
 * {@code foreman.users.index}, {@code foreman.status}; {@code StallBody} sends the headers
 * and holds the JSON body back. A fault injected under {@link Faults#scoped(String, String)}
 * ({@code foreman.hosts.create@alibuild91}) hits only the calls about that host: its creation (the
 * body's name), its record, reports and status (by name or id), a host search by its name.
 *
 * <p>{@link #sideEffects()} counts what was applied per host: {@code foreman.hosts.create} (a host
 * registered over HTTP) and {@code foreman.hosts.destroy} (a host deleted over HTTP).
 */
public final class SimulatedForeman implements DataCentreListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedForeman.class);

  public static final String MASTER_HOSTGROUP = "alibuild/mesos/master";
  public static final String AGENT_HOSTGROUP = "alibuild/mesos/slave";

  /** One HTTP request as the simulator received it (headers with lower-case names). */
  public record ReceivedRequest(
      String method, String path, String query, Map<String, String> headers, String body) {}

  /** A hostgroup. */
  public record Hostgroup(long id, String name, String title) {}

  /** A Puppet environment. */
  public record Environment(long id, String name) {}

  /** A Foreman user, a possible host owner. */
  public record User(long id, String login) {}

  /** A host as the simulated Foreman keeps it. */
  public static final class Host {
    private final long id;
    private final String name;
    private final long hostgroupId;
    private final long environmentId;
    private final boolean managed;
    private final long ownerId;
    private final Instant createdAt;
    private final boolean seeded;
    private final String comment;

    Host(long id, String name, long hostgroupId, long environmentId, long ownerId, Instant now, boolean seeded) {
      this(id, name, hostgroupId, environmentId, ownerId, now, seeded, null);
    }

    Host(long id, String name, long hostgroupId, long environmentId, long ownerId, Instant now, boolean seeded, String comment) {
      this.id = id;
      this.name = name;
      this.hostgroupId = hostgroupId;
      this.environmentId = environmentId;
      this.managed = false;
      this.ownerId = ownerId;
      this.createdAt = now;
      this.seeded = seeded;
      this.comment = comment;
    }

    /** Foreman's free-text {@code comment} of the host, as registered; null when none was sent. */
    public String comment() {
      return comment;
    }

    public long id() {
      return id;
    }

    public String name() {
      return name;
    }

    /** False for every host here: ai-bs registers unmanaged hosts, Foreman provisions nothing. */
    public boolean managed() {
      return managed;
    }

    public long ownerId() {
      return ownerId;
    }
  }

  private record ReportKey(String host, int run) {}

  private record ReportStamp(long id, Instant reportedAt) {}

  private final SimulatedDataCentre dc;
  private final Faults faults;
  private volatile int port;
  private final String domain;
  private final String username;
  private final String secret;
  private final ObjectMapper json = SimulatedHttpServer.JSON;
  private final Map<Long, Hostgroup> hostgroups = new LinkedHashMap<>();
  private final Map<Long, Environment> environments = new LinkedHashMap<>();
  private final Map<Long, User> users = new LinkedHashMap<>();
  private final Map<String, Host> hosts = new ConcurrentHashMap<>();
  private final Map<ReportKey, ReportStamp> reports = new ConcurrentHashMap<>();
  private final AtomicLong hostIds = new AtomicLong(1000);
  private final AtomicLong reportIds = new AtomicLong(50000);
  private final Queue<ReceivedRequest> requests = new ConcurrentLinkedQueue<>();
  private final SideEffects sideEffects = new SideEffects();
  private final java.util.Set<String> keptWhenServerDeleted = ConcurrentHashMap.newKeySet();
  private volatile Instant startedAt;
  private SimulatedHttpServer http;
  private SSLContext tls;
  private volatile NegotiateAcceptor kerberos;
  private volatile boolean seeding = true;

  /** The faults this Foreman answers with (operations in the class comment). */
  public Faults faults() {
    return faults;
  }

  /**
   * @param username with {@code secret}, the credentials every request must carry (Basic); a
   *     {@code secret} without user is a Bearer token; both null: no authentication
   */
  public SimulatedForeman(
      SimulatedDataCentre dc, Faults faults, int port, String domain, String username, String secret) {
    this.dc = dc;
    this.faults = faults;
    this.port = port;
    this.domain = domain == null || domain.isBlank() ? null : domain;
    this.username = username;
    this.secret = secret;
    this.startedAt = dc.now();
    hostgroups.put(1L, new Hostgroup(1, "alibuild", "alibuild"));
    hostgroups.put(2L, new Hostgroup(2, "mesos", "alibuild/mesos"));
    hostgroups.put(3L, new Hostgroup(3, "master", MASTER_HOSTGROUP));
    hostgroups.put(4L, new Hostgroup(4, "slave", AGENT_HOSTGROUP));
    environments.put(1L, new Environment(1, "production"));
    environments.put(2L, new Environment(2, "alibuild_devel"));
    environments.put(3L, new Environment(3, "qa"));
    users.put(1L, new User(1, "admin"));
    if (username != null && !username.isBlank() && !username.equals("admin")) {
      users.put(2L, new User(2, username));
    }
  }

  /** Serve HTTPS with this context's key (call before {@link #start()}), as the real Foreman does. */
  public synchronized SimulatedForeman withTls(SSLContext context) {
    this.tls = context;
    return this;
  }

  /**
   * Kerberos mode (call before {@link #start()}): only a {@code Negotiate} token this acceptor
   * validates gets in, anything else is answered 401 with {@code WWW-Authenticate: Negotiate}.
   */
  public synchronized SimulatedForeman withKerberos(NegotiateAcceptor acceptor) {
    this.kerberos = acceptor;
    return this;
  }

  public synchronized SimulatedForeman start() throws IOException {
    dc.addListener(this);
    seeding = false;
    http = SimulatedHttpServer.start("simulated-foreman", port, tls, this::handle);
    http.beforeEachAnswer(dc::beforeAnswer);
    port = http.port();
    log.info(
        "Simulated Foreman on {}://127.0.0.1:{} with {} hosts", tls == null ? "http" : "https", port, hosts.size());
    return this;
  }

  @Override
  public synchronized void close() {
    if (http != null) {
      http.close();
    }
  }

  /** The bound port (the requested one, or the free one chosen for port 0). */
  public int port() {
    return port;
  }

  // --- data centre --------------------------------------------------------------------------

  @Override
  public void serverAdded(SimulatedServer s) {
    String name = fqdn(s.name());
    hosts.computeIfAbsent(
        name,
        n ->
            new Host(
                hostIds.incrementAndGet(),
                n,
                s.role() == SimulatedServer.Role.MASTER ? 3 : 4,
                1,
                1,
                dc.now(),
                seeding));
  }

  @Override
  public void serverDeleted(SimulatedServer s) {
    String name = fqdn(s.name());
    if (!keptWhenServerDeleted.contains(name)) {
      hosts.remove(name);
    }
  }

  /**
   * The real Foreman keeps a host when its VM is deleted: only ai-kill's own {@code DELETE
   * /api/hosts/<fqdn>} removes it. This sandbox forgets a host with its server by default (so a
   * test deleting a machine leaves no record behind); for {@code host} it now behaves as Foreman
   * does, until an HTTP {@code DELETE} or {@link #forgetHostWithServer}. A test hook: delete-vm's
   * Foreman step then meets a host to delete, not one already gone.
   */
  public void keepHostWhenServerDeleted(String host) {
    keptWhenServerDeleted.add(fqdn(Faults.shortName(host)));
  }

  /** Back to the default for {@code host}; a record kept past its server's deletion goes now. */
  public void forgetHostWithServer(String host) {
    String name = fqdn(Faults.shortName(host));
    keptWhenServerDeleted.remove(name);
    if (dc.server(Faults.shortName(host)).filter(s -> !s.isDeleted()).isEmpty()) {
      hosts.remove(name);
    }
  }

  // --- the sandbox's world on disk ----------------------------------------------------------

  /** The name of Foreman's part of the {@link SandboxWorld}. */
  public static final String WORLD_PART = "foreman";

  record Snapshot(List<HostSnapshot> hosts, List<ReportSnapshot> reports, long lastHostId, long lastReportId, Instant startedAt) {}

  record HostSnapshot(long id, String name, long hostgroupId, long environmentId, long ownerId, Instant createdAt, boolean seeded, String comment) {}

  record ReportSnapshot(String host, int run, long id, Instant reportedAt) {}

  /** The hosts and the reports handed out (their ids), for the {@link SandboxWorld}. */
  public SandboxWorld.Part worldPart() {
    return SandboxWorld.part(Snapshot.class, this::snapshot, this::restore);
  }

  private Snapshot snapshot() {
    List<HostSnapshot> hostList =
        hosts.values().stream()
            .sorted(java.util.Comparator.comparingLong(Host::id))
            .map(h -> new HostSnapshot(h.id, h.name, h.hostgroupId, h.environmentId, h.ownerId, h.createdAt, h.seeded, h.comment))
            .toList();
    List<ReportSnapshot> reportList =
        reports.entrySet().stream()
            .map(e -> new ReportSnapshot(e.getKey().host(), e.getKey().run(), e.getValue().id(), e.getValue().reportedAt()))
            .sorted(java.util.Comparator.comparingLong(ReportSnapshot::id))
            .toList();
    return new Snapshot(hostList, reportList, hostIds.get(), reportIds.get(), startedAt);
  }

  private void restore(Snapshot s) {
    hosts.clear();
    for (HostSnapshot h : s.hosts()) {
      hosts.put(h.name(), new Host(h.id(), h.name(), h.hostgroupId(), h.environmentId(), h.ownerId(), h.createdAt(), h.seeded(), h.comment()));
    }
    reports.clear();
    for (ReportSnapshot r : s.reports()) {
      reports.put(new ReportKey(r.host(), r.run()), new ReportStamp(r.id(), r.reportedAt()));
    }
    hostIds.set(s.lastHostId());
    reportIds.set(s.lastReportId());
    if (s.startedAt() != null) {
      startedAt = s.startedAt();
    }
  }

  // --- for tests ----------------------------------------------------------------------------

  public Optional<Host> host(String name) {
    return Optional.ofNullable(hosts.get(fqdn(name)));
  }

  public List<ReceivedRequest> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Hosts registered ({@code foreman.hosts.create}) and deleted ({@code foreman.hosts.destroy}) over HTTP, per host. */
  public SideEffects sideEffects() {
    return sideEffects;
  }

  // --- HTTP ---------------------------------------------------------------------------------

  private static final Pattern HOST_PATH = Pattern.compile("/hosts/([^/]+)(/.*)?");

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = SimulatedHttpServer.headers(ex);
    String rawPath = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    requests.add(new ReceivedRequest(ex.getRequestMethod(), ex.getRequestURI().getPath(), query, headers, body));
    String path = rawPath.startsWith("/api/v2/") ? rawPath.substring(7) : rawPath.startsWith("/api/") ? rawPath.substring(4) : null;
    if (path == null) {
      sendJson(ex, 404, error("Route not found"));
      return;
    }
    String operation = operation(ex.getRequestMethod(), path);
    String scope = hostOf(ex.getRequestMethod(), path, query, body);
    if (!SimulatedHttpServer.proceedAfter(faults.next(operation, scope), ex, (e, f) -> sendJson(e, f.status(), error(f.message())))) {
      return;
    }
    if (!authenticated(headers.get("authorization"))) {
      if (kerberos != null) {
        NegotiateAcceptor.challenge(ex);
      }
      sendJson(ex, 401, error("Unable to authenticate user " + (username == null ? "" : username)));
      return;
    }
    route(ex, ex.getRequestMethod(), path, query, body);
  }

  /** The host a call is about, for faults scoped to one host; null for lookups of other things. */
  private String hostOf(String method, String path, String query, String body) {
    if (path.equals("/hosts")) {
      if (method.equals("POST")) {
        try {
          String name = json.readTree(body.isBlank() ? "{}" : body).path("host").path("name").asText("");
          return name.isBlank() ? null : name;
        } catch (IOException e) {
          return null;
        }
      }
      String search = param(query, "search");
      Matcher m = search == null ? null : SEARCH.matcher(search);
      return m != null && m.matches() && m.group(1).equals("name") ? m.group(2) : null;
    }
    Matcher m = HOST_PATH.matcher(path);
    if (!m.matches()) {
      return null;
    }
    String id = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    return id.matches("\\d+") ? find(id).map(Host::name).orElse(null) : id;
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

  private static String operation(String method, String path) {
    if (path.equals("/status")) {
      return "foreman.status";
    }
    if (path.startsWith("/hostgroups")) {
      return "foreman.hostgroups.index";
    }
    if (path.startsWith("/environments")) {
      return "foreman.environments.index";
    }
    if (path.startsWith("/users")) {
      return "foreman.users.index";
    }
    if (path.endsWith("/config_reports/last")) {
      return "foreman.config_reports.last";
    }
    if (path.contains("/status/")) {
      return "foreman.hosts.status";
    }
    return switch (method) {
      case "POST" -> "foreman.hosts.create";
      case "DELETE" -> "foreman.hosts.destroy";
      default -> path.equals("/hosts") ? "foreman.hosts.index" : "foreman.hosts.show";
    };
  }

  private void route(HttpExchange ex, String method, String path, String query, String body) throws IOException {
    if (path.equals("/status") && method.equals("GET")) {
      sendJson(ex, 200, map("result", "ok", "status", 200, "version", "3.7.0", "api_version", 2));
      return;
    }
    if (path.equals("/hostgroups") && method.equals("GET")) {
      List<Object> results = new ArrayList<>();
      for (Hostgroup h : hostgroups.values()) {
        if (matches(query, Map.of("label", h.title(), "title", h.title(), "name", h.name()))) {
          results.add(map("id", h.id(), "name", h.name(), "title", h.title()));
        }
      }
      sendJson(ex, 200, page(results, query));
      return;
    }
    if (path.equals("/environments") && method.equals("GET")) {
      List<Object> results = new ArrayList<>();
      for (Environment e : environments.values()) {
        if (matches(query, Map.of("name", e.name()))) {
          results.add(map("id", e.id(), "name", e.name()));
        }
      }
      sendJson(ex, 200, page(results, query));
      return;
    }
    if (path.equals("/users") && method.equals("GET")) {
      List<Object> results = new ArrayList<>();
      for (User u : users.values()) {
        if (matches(query, Map.of("login", u.login()))) {
          results.add(map("id", u.id(), "login", u.login(), "admin", u.id() == 1));
        }
      }
      sendJson(ex, 200, page(results, query));
      return;
    }
    if (path.equals("/hosts")) {
      if (method.equals("POST")) {
        create(ex, body);
      } else {
        List<Object> results = new ArrayList<>();
        for (Host h : hosts.values()) {
          if (matches(query, Map.of("name", h.name()))) {
            results.add(hostJson(h));
          }
        }
        sendJson(ex, 200, page(results, query));
      }
      return;
    }
    Matcher m = HOST_PATH.matcher(path);
    if (!m.matches()) {
      sendJson(ex, 404, error("Route not found"));
      return;
    }
    String id = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    String rest = m.group(2) == null ? "" : m.group(2);
    Optional<Host> host = find(id);
    if (host.isEmpty()) {
      sendJson(ex, 404, error("Resource host not found by id '" + id + "'"));
      return;
    }
    Host h = host.get();
    switch (method + " " + rest) {
      case "GET " -> sendJson(ex, 200, hostJson(h));
      case "DELETE " -> {
        if (hosts.remove(h.name()) != null) {
          sideEffects.record("foreman.hosts.destroy", h.name());
        }
        keptWhenServerDeleted.remove(h.name());
        sendJson(ex, 200, hostJson(h));
      }
      case "GET /config_reports/last" -> {
        Optional<Map<String, Object>> report = lastReport(h);
        if (report.isEmpty()) {
          sendJson(ex, 404, error("Resource config_report not found by id ''"));
        } else {
          sendJson(ex, 200, report.get());
        }
      }
      case "GET /status/configuration" -> {
        Map<String, Object> status = configurationStatus(h);
        sendJson(ex, 200, map("status_label", status.get("label"), "status", status.get("status")));
      }
      case "GET /status/global" -> {
        Map<String, Object> status = configurationStatus(h);
        boolean error = "Error".equals(status.get("label"));
        sendJson(ex, 200, map("status_label", error ? "Error" : "OK", "status", error ? 2 : 0));
      }
      default -> sendJson(ex, 404, error("Route not found"));
    }
  }

  /** Foreman's validation of a new host, the parts ai-bs's body meets. */
  private void create(HttpExchange ex, String body) throws IOException {
    JsonNode host = json.readTree(body.isBlank() ? "{}" : body).path("host");
    String name = host.path("name").asText("");
    List<String> errors = new ArrayList<>();
    if (name.isBlank()) {
      errors.add("Name can't be blank");
    }
    if (host.path("managed").asBoolean(true)) {
      // A managed host is provisioned by Foreman and needs what that takes.
      errors.add("Architecture can't be blank");
      errors.add("Operatingsystem can't be blank");
      errors.add("Mac can't be blank");
    }
    long hostgroupId = host.path("hostgroup_id").asLong(0);
    long environmentId = host.path("environment_id").asLong(0);
    long ownerId = host.path("owner_id").asLong(0);
    if (!hostgroups.containsKey(hostgroupId)) {
      errors.add(hostgroupId == 0 ? "Hostgroup can't be blank" : "Hostgroup is invalid");
    }
    if (!environments.containsKey(environmentId)) {
      errors.add(environmentId == 0 ? "Environment can't be blank" : "Environment is invalid");
    }
    if (!"User".equals(host.path("owner_type").asText(null))) {
      errors.add("Owner type is not included in the list");
    } else if (!users.containsKey(ownerId)) {
      errors.add("Owner is invalid");
    }
    String fqdn = fqdn(name);
    if (!name.isBlank() && hosts.containsKey(fqdn)) {
      errors.add("Name has already been taken");
    }
    if (!errors.isEmpty()) {
      sendJson(ex, 422, map("error", map("id", null, "errors", map(), "full_messages", errors)));
      return;
    }
    String comment = host.hasNonNull("comment") ? host.get("comment").asText() : null;
    Host h = new Host(hostIds.incrementAndGet(), fqdn, hostgroupId, environmentId, ownerId, dc.now(), false, comment);
    if (hosts.putIfAbsent(fqdn, h) != null) {
      sendJson(ex, 422, map("error", map("id", null, "errors", map(), "full_messages", List.of("Name has already been taken"))));
      return;
    }
    sideEffects.record("foreman.hosts.create", fqdn);
    sendJson(ex, 201, hostJson(h));
  }

  private Optional<Host> find(String id) {
    if (id.matches("\\d+")) {
      long n = Long.parseLong(id);
      return hosts.values().stream().filter(h -> h.id == n).findFirst();
    }
    return Optional.ofNullable(hosts.get(fqdn(id)));
  }

  private Optional<SimulatedServer> server(Host h) {
    String shortName = h.name.contains(".") ? h.name.substring(0, h.name.indexOf('.')) : h.name;
    return dc.server(shortName);
  }

  private String fqdn(String name) {
    return name.contains(".") || domain == null ? name : name + "." + domain;
  }

  // --- reports ------------------------------------------------------------------------------

  /** The latest run of the host's server, or the clean run of a host present at start. */
  private Optional<PuppetRun> lastRun(Host h) {
    Optional<PuppetRun> run = server(h).flatMap(SimulatedServer::lastPuppetRun);
    if (run.isPresent()) {
      return run;
    }
    return h.seeded ? Optional.of(new PuppetRun(0, false)) : Optional.empty();
  }

  private Optional<Map<String, Object>> lastReport(Host h) {
    Optional<PuppetRun> run = lastRun(h);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    PuppetRun r = run.get();
    ReportStamp stamp =
        reports.computeIfAbsent(
            new ReportKey(h.name, r.number()),
            k -> new ReportStamp(reportIds.incrementAndGet(), r.number() == 0 ? startedAt : dc.now()));
    boolean master = server(h).map(s -> s.role() == SimulatedServer.Role.MASTER).orElse(h.hostgroupId == 3);
    List<Object> logs = new ArrayList<>();
    Map<String, Object> status;
    if (!r.failed()) {
      status = status(0, 0, 0, 0, 0, 0);
      logs.add(log("notice", "Puppet", "Applied catalog in 9.84 seconds"));
    } else if (master) {
      status = status(1, 0, 1, 1, 0, 0);
      logs.add(
          log(
              "err",
              "/Stage[main]/Hg_alibuild::Mesos::Master/Docker::Run[mesos-master]/Exec[docker-pull-mesos-master]/returns",
              "change from 'notrun' to ['0'] failed: 'docker pull registry.cern.ch/alisw/mesos-master:1.11.0'"
                  + " returned 1 instead of one of [0]"));
      logs.add(
          log(
              "err",
              "/Stage[main]/Hg_alibuild::Mesos::Master/Docker::Run[mesos-master]/Service[docker-mesos-master]",
              "Failed to call refresh: Systemd restart for docker-mesos-master failed!"));
      logs.add(log("notice", "Puppet", "Applied catalog in 23.02 seconds"));
    } else {
      status = status(3, 0, 2, 0, 1, 0);
      logs.add(
          log(
              "err",
              "/Stage[main]/Hg_alibuild::Mesos::Slave/Package[mesos]/ensure",
              "change from 'purged' to '1.11.0-2.0.1.el9' failed: Could not update: Execution of"
                  + " '/usr/bin/dnf -d 0 -e 0 -y install mesos-1.11.0-2.0.1.el9' returned 1:"
                  + " Error: Unable to find a match: mesos-1.11.0-2.0.1.el9"));
      logs.add(
          log(
              "err",
              "/Stage[main]/Hg_alibuild::Mesos::Slave/File[/etc/mesos-slave/attributes/zone]/content",
              "change from '{md5}6f1ed002ab5595859014ebf0951522d9' to '{md5}b1946ac92492d2347c6235b4d2611184'"
                  + " failed: Could not back up /etc/mesos-slave/attributes/zone: No space left on device"));
      logs.add(
          log(
              "warning",
              "/Stage[main]/Hg_alibuild::Mesos::Slave/Service[mesos-slave]",
              "Skipping because of failed dependencies"));
      logs.add(log("notice", "Puppet", "Applied catalog in 41.87 seconds"));
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("id", stamp.id());
    report.put("host_id", h.id);
    report.put("host_name", h.name);
    report.put("reported_at", stamp.reportedAt().toString());
    report.put("status", status);
    report.put("metrics", map("time", map("total", 23.4), "resources", map("total", 412)));
    report.put("created_at", stamp.reportedAt().toString());
    report.put("updated_at", stamp.reportedAt().toString());
    report.put("logs", logs);
    report.put("summary", r.failed() ? "Error" : "Success");
    return Optional.of(report);
  }

  private static Map<String, Object> status(
      int applied, int restarted, int failed, int failedRestarts, int skipped, int pending) {
    return map(
        "applied", applied,
        "restarted", restarted,
        "failed", failed,
        "failed_restarts", failedRestarts,
        "skipped", skipped,
        "pending", pending);
  }

  private static Map<String, Object> log(String level, String source, String message) {
    return map("source", map("source", source), "message", map("message", message), "level", level);
  }

  /** Foreman's configuration status: label and the metrics packed 6 bits each, as Foreman does. */
  private Map<String, Object> configurationStatus(Host h) {
    Optional<Map<String, Object>> report = lastReport(h);
    if (report.isEmpty()) {
      return map("label", "No reports", "status", 0);
    }
    @SuppressWarnings("unchecked")
    Map<String, Integer> s = (Map<String, Integer>) report.get().get("status");
    int packed =
        s.get("applied") | s.get("restarted") << 6 | s.get("failed") << 12
            | s.get("failed_restarts") << 18 | s.get("skipped") << 24 | s.get("pending") << 30;
    String label =
        s.get("failed") > 0 || s.get("failed_restarts") > 0
            ? "Error"
            : s.get("applied") > 0 || s.get("restarted") > 0 ? "Active" : s.get("pending") > 0 ? "Pending" : "No changes";
    return map("label", label, "status", packed);
  }

  private Map<String, Object> hostJson(Host h) {
    Hostgroup hg = hostgroups.get(h.hostgroupId);
    Environment env = environments.get(h.environmentId);
    Map<String, Object> status = configurationStatus(h);
    boolean error = "Error".equals(status.get("label"));
    Optional<Map<String, Object>> report = lastReport(h);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", h.id);
    json.put("name", h.name);
    json.put("certname", h.name);
    json.put("hostgroup_id", hg == null ? null : hg.id());
    json.put("hostgroup_name", hg == null ? null : hg.name());
    json.put("hostgroup_title", hg == null ? null : hg.title());
    json.put("environment_id", env == null ? null : env.id());
    json.put("environment_name", env == null ? null : env.name());
    json.put("domain_name", domain);
    json.put("managed", h.managed);
    json.put("comment", h.comment);
    json.put("enabled", true);
    json.put("owner_id", h.ownerId);
    json.put("owner_type", "User");
    json.put("owner_name", users.containsKey(h.ownerId) ? users.get(h.ownerId).login() : null);
    json.put("build", false);
    json.put("build_status", 0);
    json.put("build_status_label", "Installed");
    json.put("last_report", report.map(r -> r.get("reported_at")).orElse(null));
    json.put("configuration_status", status.get("status"));
    json.put("configuration_status_label", status.get("label"));
    json.put("puppet_status", status.get("status"));
    json.put("global_status", error ? 2 : 0);
    json.put("global_status_label", error ? "Error" : "OK");
    json.put("created_at", h.createdAt.toString());
    json.put("updated_at", h.createdAt.toString());
    return json;
  }

  // --- helpers ------------------------------------------------------------------------------

  private static final Pattern SEARCH = Pattern.compile("^\\s*(\\w+)\\s*=\\s*\"?([^\"]*)\"?\\s*$");

  /** Foreman's scoped search, the {@code field = "value"} subset; no search matches everything. */
  private static boolean matches(String query, Map<String, String> fields) {
    String search = param(query, "search");
    if (search == null || search.isBlank()) {
      return true;
    }
    Matcher m = SEARCH.matcher(search);
    if (!m.matches()) {
      return false;
    }
    return m.group(2).equals(fields.get(m.group(1)));
  }

  private static Map<String, Object> page(List<Object> results, String query) {
    return map(
        "total", results.size(),
        "subtotal", results.size(),
        "page", 1,
        "per_page", 20,
        "search", param(query, "search"),
        "sort", map("by", null, "order", null),
        "results", results);
  }

  private static Map<String, Object> error(String message) {
    return map("error", map("message", message));
  }

  private void sendJson(HttpExchange ex, int status, Object body) throws IOException {
    SimulatedHttpServer.sendJson(ex, status, "application/json; charset=utf-8", body);
  }
}
