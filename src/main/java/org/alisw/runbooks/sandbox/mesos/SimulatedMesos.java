package org.alisw.runbooks.sandbox.mesos;

import static org.alisw.runbooks.sandbox.http.SimulatedHttpServer.map;
import static org.alisw.runbooks.sandbox.http.SimulatedHttpServer.sendJson;
import static org.alisw.runbooks.sandbox.http.SimulatedHttpServer.sleep;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.alisw.runbooks.sandbox.DataCentreListener;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.http.SimulatedHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Mesos cluster: on each master a Mesos master HTTP API, a Marathon HTTP API and a
 * ZooKeeper four-letter-word TCP port, all on 127.0.0.1 with their own ports, telling the story of
 * the {@link SimulatedDataCentre}:
 *
 * <ul>
 *   <li>A master's Mesos API answers while its server is ACTIVE and its {@code mesos-master}
 *       container runs (otherwise the connection is closed without an answer); Marathon likewise
 *       with the {@code marathon} container, ZooKeeper with the {@code zookeeper} container.
 *   <li>The leader is the data centre's leading master, but only while at least two masters are
 *       healthy: with the quorum lost no master leads, {@code /master/redirect} answers 503 "No
 *       leader elected". Non-leading masters answer {@code /master/state}, {@code /master/slaves}
 *       and {@code /master/frameworks} with 307 and a protocol-relative {@code Location:
 *       //127.0.0.1:PORT/master/...}, as Mesos does.
 *   <li>ZooKeeper serves while a majority of its nodes is up; one of them leads (it stays leader
 *       while it is up, otherwise the up node with the highest id — the last name — wins the
 *       election and the epoch of the zxid grows), the others follow. Without a majority every up
 *       node answers "This ZooKeeper instance is not currently serving requests".
 *   <li>Elections take time ({@link ElectionTimings}): after the ZooKeeper leader goes away (its
 *       container restarts or stops, its server goes down) the ensemble does not serve for {@code
 *       zooKeeper}; after the Mesos leader goes away (its {@code mesos-master} restarts or it
 *       stops being healthy) no master leads until ZooKeeper serves and then for {@code mesos}.
 *       A departure nobody was told about is noticed at the next question.
 *   <li>Agents are the AGENT servers that are ACTIVE; tasks of frameworks {@code marathon}, {@code
 *       Jenkins Scheduler} and {@code aurora} run on them (a Jenkins build on alibuild03). A task
 *       whose agent stops being ACTIVE or is deleted is lost.
 * </ul>
 *
 * <p>Faults (shared {@link Faults}): operations {@code mesos.health}, {@code mesos.redirect},
 * {@code mesos.state}, {@code mesos.slaves}, {@code mesos.frameworks}, {@code marathon.ping},
 * {@code marathon.info}, {@code marathon.leader}, {@code zookeeper.srvr} (and the other words),
 * each also per master as {@code OPERATION@MASTER}, which is looked up first. {@code StallBody}
 * sends the headers and holds a non-empty body back (HTTP only).
 */
public final class SimulatedMesos implements DataCentreListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedMesos.class);

  static final String HOST = "127.0.0.1";
  static final String MESOS_VERSION = "1.11.0";
  static final String MARATHON_VERSION = "1.11.24";
  static final String ZOOKEEPER_VERSION =
      "3.4.14-4c25d480e66aadd371de8bd2fd8da255ac140bcf, built on 03/06/2019 16:18 GMT";
  static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

  public static final String MARATHON = "marathon";
  public static final String JENKINS = "Jenkins Scheduler";
  public static final String AURORA = "aurora";

  /** Where one simulated master listens. */
  public record MasterPorts(String name, int mesosPort, int marathonPort, int zookeeperPort) {}

  /** A Mesos framework. */
  public record Framework(String id, String name, String user) {}

  /** A running task. */
  public record Task(String id, String name, String frameworkId, String agent, String state) {}

  /** One HTTP request as the simulator received it. */
  public record ReceivedRequest(
      String master, String service, String method, String path, String query, Map<String, String> headers) {}

  /** One ZooKeeper four-letter word as the simulator received it. */
  public record ReceivedCommand(String master, String command) {}

  private final SimulatedDataCentre dc;
  private final Faults faults;
  private volatile List<MasterPorts> masters;
  private volatile String clusterId = UUID.randomUUID().toString();
  private final Map<String, String> masterIds = new ConcurrentHashMap<>();
  private final Map<String, String> agentIds = new ConcurrentHashMap<>();
  private final AtomicInteger agentSequence = new AtomicInteger();
  private final Map<String, Framework> frameworks = new LinkedHashMap<>();
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final AtomicInteger frameworkSequence = new AtomicInteger();
  private final AtomicLong zkReceived = new AtomicLong(1400);
  private final Queue<ReceivedRequest> requests = new ConcurrentLinkedQueue<>();
  private final Queue<ReceivedCommand> commands = new ConcurrentLinkedQueue<>();
  private final List<SimulatedHttpServer> httpServers = new ArrayList<>();
  private final List<ServerSocket> zkSockets = new ArrayList<>();
  /** ZooKeeper connections; the HTTP servers have their own threads. */
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "simulated-zookeeper");
            t.setDaemon(true);
            return t;
          });
  private final long startSeconds;

  private final ElectionTimings elections;
  private String zkLeader;
  private long zkEpoch = 1;
  /** While not null, ZooKeeper elects a leader until then and serves nobody. */
  private Instant zkElectionEndsAt;
  /** The leader Mesos last reported; {@code mesosLeaderKnown} false before the first question. */
  private String mesosLeader;
  private boolean mesosLeaderKnown;
  /** While not null, Mesos elects a leader until then (counted once ZooKeeper serves). */
  private Instant mesosElectionEndsAt;
  private String marathonLeader;
  private volatile boolean closed;

  /** Leaders change at once ({@link ElectionTimings#INSTANT}). */
  public SimulatedMesos(SimulatedDataCentre dc, Faults faults, List<MasterPorts> masters) {
    this(dc, faults, masters, ElectionTimings.INSTANT);
  }

  public SimulatedMesos(
      SimulatedDataCentre dc, Faults faults, List<MasterPorts> masters, ElectionTimings elections) {
    this.elections = elections;
    this.dc = dc;
    this.faults = faults;
    this.masters = List.copyOf(masters);
    this.startSeconds = dc.now().getEpochSecond();
    masters.forEach(m -> masterIds.put(m.name(), UUID.randomUUID().toString()));
  }

  /** Binds every master's ports, follows the data centre and seeds the frameworks and tasks. */
  public synchronized SimulatedMesos start() throws IOException {
    InetAddress loopback = InetAddress.getByName(HOST);
    List<MasterPorts> bound = new ArrayList<>();
    for (MasterPorts requested : masters) {
      // Port 0 binds a free port; ports() tells which. The handlers learn the bound ports once all
      // three are bound (the redirects and state need them).
      AtomicReference<MasterPorts> ports = new AtomicReference<>();
      SimulatedHttpServer mesos =
          SimulatedHttpServer.start(
              "simulated-mesos-" + requested.name(), requested.mesosPort(), null, ex -> handle(ex, ports.get(), "mesos"));
      mesos.beforeEachAnswer(dc::beforeAnswer);
      httpServers.add(mesos);
      SimulatedHttpServer marathon =
          SimulatedHttpServer.start(
              "simulated-marathon-" + requested.name(),
              requested.marathonPort(),
              null,
              ex -> handle(ex, ports.get(), "marathon"));
      marathon.beforeEachAnswer(dc::beforeAnswer);
      httpServers.add(marathon);
      ServerSocket zk = new ServerSocket(requested.zookeeperPort(), 50, loopback);
      zkSockets.add(zk);
      MasterPorts m = new MasterPorts(requested.name(), mesos.port(), marathon.port(), zk.getLocalPort());
      ports.set(m);
      bound.add(m);
      Thread acceptor = new Thread(() -> acceptZooKeeper(m, zk), "simulated-zookeeper-" + m.name());
      acceptor.setDaemon(true);
      acceptor.start();
      log.info(
          "Simulated {}: Mesos on {}:{}, Marathon on {}:{}, ZooKeeper on {}:{}",
          m.name(), HOST, m.mesosPort(), HOST, m.marathonPort(), HOST, m.zookeeperPort());
    }
    masters = List.copyOf(bound);
    Framework marathon = framework(MARATHON, "root");
    framework(JENKINS, "jenkins");
    framework(AURORA, "aurora");
    dc.addListener(this);
    for (SimulatedServer s : dc.servers()) {
      if (s.role() == SimulatedServer.Role.AGENT && agentIds.containsKey(s.name())) {
        runTask(s.name(), MARATHON, "monitoring_node-exporter");
      }
    }
    dc.server("alibuild03").ifPresent(s -> runTask(s.name(), JENKINS, "jenkins-alibuild-o2-pr-checker-slc9-1294"));
    dc.server("alibuild05").ifPresent(s -> runTask(s.name(), AURORA, "alibuild/prod/daily-o2-build"));
    log.debug("Seeded Mesos frameworks, {} is {}", marathon.name(), marathon.id());
    return this;
  }

  @Override
  public synchronized void close() {
    closed = true;
    httpServers.forEach(SimulatedHttpServer::close);
    for (ServerSocket s : zkSockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    executor.shutdownNow();
  }

  // --- data centre --------------------------------------------------------------------------

  @Override
  public void serverAdded(SimulatedServer server) {
    if (server.role() == SimulatedServer.Role.AGENT) {
      agentIds.computeIfAbsent(server.name(), n -> clusterId + "-S" + agentSequence.getAndIncrement());
    }
  }

  @Override
  public synchronized void serverDeleted(SimulatedServer server) {
    agentIds.remove(server.name());
    tasks.values().removeIf(t -> t.agent().equals(server.name()));
  }

  // --- the sandbox's world on disk ----------------------------------------------------------

  /** The name of the Mesos part of the {@link SandboxWorld}. */
  public static final String WORLD_PART = "mesos";

  record Snapshot(
      String clusterId, Map<String, String> masterIds, Map<String, String> agentIds, int agentSequence,
      List<Framework> frameworks, List<Task> tasks, int frameworkSequence, long zkReceived,
      String zkLeader, long zkEpoch, String marathonLeader) {}

  /** Agents, frameworks, running tasks and the ZooKeeper and Marathon leaders, for the {@link SandboxWorld}. */
  public SandboxWorld.Part worldPart() {
    return SandboxWorld.part(Snapshot.class, this::snapshot, this::restore);
  }

  private synchronized Snapshot snapshot() {
    return new Snapshot(
        clusterId, Map.copyOf(masterIds), Map.copyOf(agentIds), agentSequence.get(),
        List.copyOf(frameworks.values()), List.copyOf(tasks.values()), frameworkSequence.get(), zkReceived.get(),
        zkLeader, zkEpoch, marathonLeader);
  }

  private synchronized void restore(Snapshot s) {
    clusterId = s.clusterId();
    masterIds.putAll(s.masterIds()); // masters configured since keep the ids they were given
    agentIds.clear();
    agentIds.putAll(s.agentIds());
    agentSequence.set(s.agentSequence());
    frameworks.clear();
    s.frameworks().forEach(f -> frameworks.put(f.name(), f));
    tasks.clear();
    s.tasks().forEach(t -> tasks.put(t.id(), t));
    frameworkSequence.set(s.frameworkSequence());
    zkReceived.set(s.zkReceived());
    zkLeader = s.zkLeader();
    zkEpoch = s.zkEpoch();
    marathonLeader = s.marathonLeader();
  }

  // --- what the tests and other simulators may ask or change --------------------------------

  public List<MasterPorts> masters() {
    return masters;
  }

  /** The faults this cluster's Mesos, Marathon and ZooKeeper answer with (see the class comment). */
  public Faults faults() {
    return faults;
  }

  public MasterPorts ports(String master) {
    return masters.stream().filter(m -> m.name().equals(master)).findFirst().orElseThrow();
  }

  @Override
  public void containerRestarted(String host, String container) {
    synchronized (this) {
      Instant now = dc.now();
      if ("zookeeper".equals(container) && host.equals(zkLeader) && !elections.zooKeeper().isZero()) {
        zkElectionEndsAt = now.plus(elections.zooKeeper());
      }
      if ("mesos-master".equals(container) && host.equals(mesosLeader) && !elections.mesos().isZero()) {
        mesosElectionEndsAt = now.plus(elections.mesos());
      }
    }
  }

  /**
   * The leading Mesos master: the data centre's, while at least two masters are healthy, once
   * Mesos has elected it (an election waits for ZooKeeper to serve, then takes {@code
   * elections.mesos()}).
   */
  public Optional<String> leader() {
    // Asked outside this simulator's lock: the data centre takes its own.
    Optional<String> wanted =
        dc.healthyMasters().stream().filter(this::isConfigured).count() < 2
            ? Optional.empty()
            : dc.leadingMaster().filter(this::isConfigured);
    boolean zooKeeperServes = zooKeeperLeader().isPresent();
    synchronized (this) {
      if (!mesosLeaderKnown) {
        mesosLeaderKnown = true;
        mesosLeader = wanted.orElse(null);
        return wanted;
      }
      if (wanted.isEmpty()) {
        mesosLeader = null;
        mesosElectionEndsAt = null;
        return Optional.empty();
      }
      if (wanted.get().equals(mesosLeader) && mesosElectionEndsAt == null) {
        return wanted;
      }
      if (elections.mesos().isZero()) {
        mesosLeader = wanted.get();
        mesosElectionEndsAt = null;
        return wanted;
      }
      if (!zooKeeperServes) {
        mesosElectionEndsAt = null; // counted again once ZooKeeper serves
        return Optional.empty();
      }
      Instant now = dc.now();
      if (mesosElectionEndsAt == null) {
        mesosElectionEndsAt = now.plus(elections.mesos());
      }
      if (now.isBefore(mesosElectionEndsAt)) {
        return Optional.empty();
      }
      mesosElectionEndsAt = null;
      mesosLeader = wanted.get();
      return wanted;
    }
  }

  /** Starts a task of the named framework on an agent; returns its id. */
  public synchronized String runTask(String agent, String frameworkName, String taskName) {
    Framework f = frameworks.computeIfAbsent(frameworkName, n -> newFramework(n, "root"));
    String id = taskName + "." + UUID.randomUUID();
    tasks.put(id, new Task(id, taskName, f.id(), agent, "TASK_RUNNING"));
    return id;
  }

  /** The task ends (finished, killed): it leaves the agent. */
  public synchronized void finishTask(String taskId) {
    tasks.remove(taskId);
  }

  /** Running tasks on the ACTIVE agents. */
  public synchronized List<Task> tasks() {
    pruneLostTasks();
    return List.copyOf(tasks.values());
  }

  public synchronized Collection<Framework> frameworks() {
    return List.copyOf(frameworks.values());
  }

  /** The ZooKeeper leader, or empty without a quorum. */
  public synchronized Optional<String> zooKeeperLeader() {
    List<String> serving = zkServing();
    if (serving.isEmpty()) {
      return Optional.empty();
    }
    if (zkLeader != null && !serving.contains(zkLeader) && zkElectionEndsAt == null
        && !elections.zooKeeper().isZero()) {
      zkElectionEndsAt = dc.now().plus(elections.zooKeeper()); // the leader went away unannounced
    }
    if (zkElectionEndsAt != null) {
      if (dc.now().isBefore(zkElectionEndsAt)) {
        return Optional.empty();
      }
      zkElectionEndsAt = null;
      zkLeader = null;
    }
    if (zkLeader == null || !serving.contains(zkLeader)) {
      zkLeader = serving.get(serving.size() - 1);
      zkEpoch++;
    }
    return Optional.of(zkLeader);
  }

  /** The Marathon leader, or empty without a ZooKeeper quorum or any Marathon up. */
  public synchronized Optional<String> marathonLeader() {
    if (zkServing().isEmpty()) {
      return Optional.empty();
    }
    if (marathonLeader == null || !marathonUp(marathonLeader)) {
      marathonLeader =
          leader()
              .filter(this::marathonUp)
              .or(() -> masters.stream().map(MasterPorts::name).filter(this::marathonUp).findFirst())
              .orElse(null);
    }
    return Optional.ofNullable(marathonLeader);
  }

  public List<ReceivedRequest> requests() {
    return List.copyOf(requests);
  }

  public List<ReceivedCommand> commands() {
    return List.copyOf(commands);
  }

  public void clearReceived() {
    requests.clear();
    commands.clear();
  }

  // --- state --------------------------------------------------------------------------------

  private boolean isConfigured(String master) {
    return masters.stream().anyMatch(m -> m.name().equals(master));
  }

  private boolean runs(String host, String container) {
    return dc.server(host)
        .filter(s -> "ACTIVE".equals(s.status(dc.now())))
        .filter(s -> s.runningContainers().contains(container))
        .isPresent();
  }

  private boolean mesosUp(String master) {
    return runs(master, "mesos-master");
  }

  private boolean marathonUp(String master) {
    return runs(master, "marathon");
  }

  private boolean zooKeeperUp(String master) {
    return runs(master, "zookeeper");
  }

  /** The ZooKeeper nodes that serve: every up node while a majority is up, otherwise none. */
  private List<String> zkServing() {
    List<String> up = masters.stream().map(MasterPorts::name).filter(this::zooKeeperUp).sorted().toList();
    return up.size() > masters.size() / 2 ? up : List.of();
  }

  private List<SimulatedServer> activeAgents() {
    return dc.servers().stream()
        .filter(s -> s.role() == SimulatedServer.Role.AGENT)
        .filter(s -> agentIds.containsKey(s.name()))
        .filter(s -> "ACTIVE".equals(s.status(dc.now())))
        .toList();
  }

  private void pruneLostTasks() {
    Set<String> active = activeAgents().stream().map(SimulatedServer::name).collect(Collectors.toSet());
    tasks.values().removeIf(t -> !active.contains(t.agent()));
  }

  private Framework framework(String name, String user) {
    synchronized (this) {
      return frameworks.computeIfAbsent(name, n -> newFramework(n, user));
    }
  }

  private Framework newFramework(String name, String user) {
    return new Framework(
        clusterId + "-" + String.format("%04d", frameworkSequence.getAndIncrement()), name, user);
  }

  // --- HTTP ---------------------------------------------------------------------------------

  private void handle(HttpExchange ex, MasterPorts m, String service) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(
        new ReceivedRequest(
            m.name(), service, ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), SimulatedHttpServer.headers(ex)));
    String operation = service + "." + operationName(path);
    Optional<Faults.Fault> fault = faults.next(operation + "@" + m.name()).or(() -> faults.next(operation));
    if (!SimulatedHttpServer.proceedAfter(fault, ex, (e, f) -> send(e, f.status(), "text/plain", f.message()))) {
      return;
    }
    if ("mesos".equals(service)) {
      if (!mesosUp(m.name())) {
        return; // the container is not running: no answer
      }
      mesos(ex, m, path);
    } else {
      if (!marathonUp(m.name())) {
        return;
      }
      marathon(ex, m, path);
    }
  }

  private static String operationName(String path) {
    String p = path.startsWith("/master/") ? path.substring("/master/".length()) : path.substring(1);
    p = p.startsWith("v2/") ? p.substring(3) : p;
    return p.isEmpty() ? "root" : p.replace('/', '.');
  }

  private void mesos(HttpExchange ex, MasterPorts m, String path) throws IOException {
    Optional<String> leader = leader();
    switch (path) {
      case "/health" -> send(ex, 200, "text/plain", "");
      case "/master/redirect", "/redirect" -> {
        if (leader.isEmpty()) {
          send(ex, 503, "text/plain", "No leader elected");
        } else {
          redirect(ex, "//" + HOST + ":" + ports(leader.get()).mesosPort());
        }
      }
      case "/master/state", "/master/slaves", "/master/frameworks", "/master/tasks" -> {
        if (leader.isEmpty()) {
          send(ex, 503, "text/plain", "No leader elected");
        } else if (!leader.get().equals(m.name())) {
          String query = ex.getRequestURI().getRawQuery();
          redirect(
              ex,
              "//" + HOST + ":" + ports(leader.get()).mesosPort() + path + (query == null ? "" : "?" + query));
        } else {
          sendJson(ex, 200, leaderAnswer(m, path));
        }
      }
      default -> send(ex, 404, "text/plain", "");
    }
  }

  private synchronized Object leaderAnswer(MasterPorts m, String path) {
    pruneLostTasks();
    return switch (path) {
      case "/master/slaves" -> map("slaves", slaves(), "recovered_slaves", List.of());
      case "/master/frameworks" ->
          map("frameworks", frameworksJson(), "completed_frameworks", List.of(), "unregistered_frameworks", List.of());
      case "/master/tasks" ->
          map("tasks", tasks.values().stream().map(this::taskJson).toList());
      default -> state(m);
    };
  }

  private Map<String, Object> state(MasterPorts m) {
    String pid = pid(m);
    Map<String, Object> leaderInfo =
        map("id", masterIds.get(m.name()), "pid", pid, "port", m.mesosPort(), "hostname", HOST);
    String zk =
        masters.stream().map(x -> HOST + ":" + x.zookeeperPort()).collect(Collectors.joining(",", "zk://", "/mesos"));
    return map(
        "version", MESOS_VERSION,
        "build_date", "2020-11-17 15:00:00",
        "build_user", "root",
        "start_time", (double) startSeconds,
        "elected_time", (double) startSeconds + 5,
        "id", masterIds.get(m.name()),
        "pid", pid,
        "hostname", HOST,
        "activated_slaves", activeAgents().size(),
        "deactivated_slaves", 0,
        "cluster", "alice-build",
        "leader", pid,
        "leader_info", leaderInfo,
        "flags", map("quorum", "2", "zk", zk, "port", String.valueOf(m.mesosPort()), "hostname", HOST),
        "slaves", slaves(),
        "frameworks", frameworksJson(),
        "completed_frameworks", List.of(),
        "orphan_tasks", List.of(),
        "unregistered_frameworks", List.of());
  }

  private static String pid(MasterPorts m) {
    return "master@" + HOST + ":" + m.mesosPort();
  }

  private List<Object> slaves() {
    List<Object> slaves = new ArrayList<>();
    for (SimulatedServer s : activeAgents()) {
      Map<String, Object> resources = map("cpus", 16.0, "mem", 30720.0, "disk", 153600.0, "gpus", 0.0, "ports", "[31000-32000]");
      slaves.add(
          map(
              "id", agentIds.get(s.name()),
              "hostname", s.name(),
              "port", 5051,
              "attributes", map("availability_zone", s.availabilityZone()),
              "pid", "slave(1)@" + HOST + ":5051",
              "registered_time", (double) startSeconds,
              "resources", resources,
              "used_resources", map("cpus", 0.0, "mem", 0.0, "disk", 0.0, "gpus", 0.0),
              "offered_resources", map("cpus", 0.0, "mem", 0.0, "disk", 0.0, "gpus", 0.0),
              "active", true,
              "version", MESOS_VERSION,
              "capabilities", List.of("MULTI_ROLE", "HIERARCHICAL_ROLE", "RESERVATION_REFINEMENT")));
    }
    return slaves;
  }

  private List<Object> frameworksJson() {
    List<Object> list = new ArrayList<>();
    for (Framework f : frameworks.values()) {
      List<Object> fTasks =
          tasks.values().stream().filter(t -> t.frameworkId().equals(f.id())).map(this::taskJson).toList();
      list.add(
          map(
              "id", f.id(),
              "name", f.name(),
              "pid", "scheduler-" + f.id() + "@" + HOST + ":40000",
              "active", true,
              "connected", true,
              "recovered", false,
              "user", f.user(),
              "hostname", HOST,
              "webui_url", "",
              "failover_timeout", 604800.0,
              "checkpoint", true,
              "role", "*",
              "registered_time", (double) startSeconds,
              "unregistered_time", 0,
              "tasks", fTasks,
              "unreachable_tasks", List.of(),
              "completed_tasks", List.of(),
              "offers", List.of(),
              "executors", List.of()));
    }
    return list;
  }

  private Object taskJson(Task t) {
    return map(
        "id", t.id(),
        "name", t.name(),
        "framework_id", t.frameworkId(),
        "executor_id", "",
        "slave_id", agentIds.getOrDefault(t.agent(), ""),
        "state", t.state(),
        "resources", map("cpus", 1.0, "mem", 2048.0, "disk", 0.0, "gpus", 0.0),
        "role", "*",
        "statuses", List.of(map("state", t.state(), "timestamp", (double) startSeconds)));
  }

  private void marathon(HttpExchange ex, MasterPorts m, String path) throws IOException {
    switch (path) {
      case "/ping" -> send(ex, 200, "text/plain; charset=utf-8", "pong");
      case "/v2/info" -> {
        Optional<String> leader = marathonLeader();
        if (leader.isEmpty()) {
          sendJson(ex, 503, map("message", "Could not determine the current leader"));
          return;
        }
        String zk =
            masters.stream().map(x -> HOST + ":" + x.zookeeperPort()).collect(Collectors.joining(",", "zk://", ""));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "marathon");
        info.put("version", MARATHON_VERSION);
        info.put("buildref", "unknown");
        info.put("elected", leader.get().equals(m.name()));
        info.put("leader", HOST + ":" + ports(leader.get()).marathonPort());
        info.put("frameworkId", framework(MARATHON, "root").id());
        info.put(
            "marathon_config",
            map("master", zk + "/mesos", "hostname", HOST, "http_port", m.marathonPort(), "mesos_role", "*"));
        info.put("zookeeper_config", map("zk", zk + "/marathon", "zk_timeout", 10000));
        info.put("http_config", map("http_port", m.marathonPort()));
        sendJson(ex, 200, info);
      }
      case "/v2/leader" -> {
        Optional<String> leader = marathonLeader();
        if (leader.isEmpty()) {
          sendJson(ex, 404, map("message", "There is no leader"));
        } else {
          sendJson(ex, 200, map("leader", HOST + ":" + ports(leader.get()).marathonPort()));
        }
      }
      default -> sendJson(ex, 404, map("message", "Not found"));
    }
  }

  private void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(307, -1);
  }

  private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
    SimulatedHttpServer.send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  // --- ZooKeeper ----------------------------------------------------------------------------

  private void acceptZooKeeper(MasterPorts m, ServerSocket server) {
    while (!closed && !server.isClosed()) {
      try {
        Socket socket = server.accept();
        executor.execute(() -> zooKeeper(m, socket));
      } catch (SocketException e) {
        return; // closed
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          log.warn("Simulated ZooKeeper on {} failed to accept: {}", m.name(), e.toString());
        }
      }
    }
  }

  private void zooKeeper(MasterPorts m, Socket socket) {
    try (socket) {
      if (!zooKeeperUp(m.name())) {
        return; // container stopped or server down: no answer
      }
      socket.setSoTimeout(2000);
      InputStream in = socket.getInputStream();
      byte[] word = in.readNBytes(4);
      String command = new String(word, StandardCharsets.US_ASCII);
      commands.add(new ReceivedCommand(m.name(), command));
      String operation = "zookeeper." + command;
      Optional<Faults.Fault> fault = faults.next(operation + "@" + m.name()).or(() -> faults.next(operation));
      if (fault.isPresent()) {
        if (fault.get() instanceof Faults.Drop) {
          return;
        }
        if (fault.get() instanceof Faults.HttpStatus status) {
          write(socket, status.message() + "\n");
          return;
        }
        if (fault.get() instanceof Faults.Latency latency) {
          sleep(latency.delay());
        }
      }
      String answer = zooKeeperAnswer(m.name(), command);
      dc.beforeAnswer(); // an answer may have elected a leader: keep it before telling
      write(socket, answer);
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        log.debug("Simulated ZooKeeper on {}: {}", m.name(), e.toString());
      }
    }
  }

  private synchronized String zooKeeperAnswer(String master, String command) {
    long received = zkReceived.addAndGet(3);
    Optional<String> leader = zooKeeperLeader();
    String mode = leader.map(l -> l.equals(master) ? "leader" : "follower").orElse(null);
    long zxid = (zkEpoch << 32) | 0x1a4;
    return switch (command) {
      case "ruok" -> "imok";
      case "srvr", "stat" -> {
        if (mode == null) {
          yield NOT_SERVING + "\n";
        }
        yield "Zookeeper version: " + ZOOKEEPER_VERSION + "\n"
            + "Latency min/avg/max: 0/0/27\n"
            + "Received: " + received + "\n"
            + "Sent: " + (received - 1) + "\n"
            + "Connections: 3\n"
            + "Outstanding: 0\n"
            + "Zxid: 0x" + Long.toHexString(zxid) + "\n"
            + "Mode: " + mode + "\n"
            + "Node count: 137\n";
      }
      case "mntr" -> {
        if (mode == null) {
          yield NOT_SERVING + "\n";
        }
        yield "zk_version\t" + ZOOKEEPER_VERSION + "\n"
            + "zk_avg_latency\t0\n"
            + "zk_max_latency\t27\n"
            + "zk_min_latency\t0\n"
            + "zk_packets_received\t" + received + "\n"
            + "zk_packets_sent\t" + (received - 1) + "\n"
            + "zk_num_alive_connections\t3\n"
            + "zk_outstanding_requests\t0\n"
            + "zk_server_state\t" + mode + "\n"
            + "zk_znode_count\t137\n"
            + (mode.equals("leader") ? "zk_followers\t" + (zkServing().size() - 1) + "\n" : "");
      }
      default -> "";
    };
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

}
