package org.alisw.runbooks.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alisw.runbooks.sandbox.SimulatedServer.Role;

/**
 * The one simulated data centre behind every simulator of the sandbox: the servers Nova knows, the
 * hosts SSH reaches, the nodes Foreman and Mesos report. Seeded like the guide's cluster: three
 * masters {@code alimesos01..03} (one per zone, the first leading) and agents {@code
 * alibuild01..12}.
 */
public final class SimulatedDataCentre {

  /** The services the guide's checklist expects on every master. */
  public static final Set<String> MASTER_CONTAINERS =
      Set.of("mesos-master", "zookeeper", "marathon", "aurora-scheduler", "mesos-dns");

  public static final List<String> ZONES = List.of("cern-geneva-a", "cern-geneva-b", "cern-geneva-c");

  private final Map<String, SimulatedServer> serversByName = new ConcurrentHashMap<>();
  private final Clock clock;
  private final SimulationTimings timings;
  private final List<DataCentreListener> listeners = new CopyOnWriteArrayList<>();
  private final CertificateStagings certificateStagings = new CertificateStagings();
  private volatile String leadingMaster;
  private volatile Runnable beforeAnswer = () -> {};

  public SimulatedDataCentre(Clock clock, SimulationTimings timings) {
    this.clock = clock;
    this.timings = timings;
  }

  /** A data centre with the guide's masters and agents, all ACTIVE. */
  public static SimulatedDataCentre seeded(Clock clock, SimulationTimings timings, String project) {
    SimulatedDataCentre dc = new SimulatedDataCentre(clock, timings);
    for (int i = 1; i <= 3; i++) {
      SimulatedServer master =
          dc.addSeeded(String.format("alimesos%02d", i), Role.MASTER, ZONES.get(i - 1), project);
      master.startContainers(MASTER_CONTAINERS);
    }
    for (int i = 1; i <= 12; i++) {
      dc.addSeeded(String.format("alibuild%02d", i), Role.AGENT, ZONES.get((i - 1) % 3), project);
    }
    dc.leadingMaster = "alimesos01";
    return dc;
  }

  /**
   * The data centre a {@link SandboxWorld} kept, or the seeded one when it kept none; from now on
   * the world is written before every answer of a simulator ({@link #beforeAnswer()}).
   */
  public static SimulatedDataCentre kept(
      SandboxWorld world, Clock clock, SimulationTimings timings, String project) {
    SimulatedDataCentre dc =
        world.has(WORLD_PART) ? new SimulatedDataCentre(clock, timings) : seeded(clock, timings, project);
    world.attach(WORLD_PART, SandboxWorld.part(Snapshot.class, dc::snapshot, dc::restore));
    dc.beforeAnswer = world::save;
    return dc;
  }

  /** The name of the data centre's part of the {@link SandboxWorld}. */
  static final String WORLD_PART = "dataCentre";

  /** Servers (deleted ones too, until forgotten), the Mesos leader and the Certmgr stagings. */
  record Snapshot(
      List<SimulatedServer.Snapshot> servers, String leadingMaster, CertificateStagings.Snapshot stagings) {}

  /** Not under this data centre's lock: a server settling under its own lock may ask for the leader. */
  Snapshot snapshot() {
    List<SimulatedServer.Snapshot> servers =
        serversByName.values().stream()
            .sorted(Comparator.comparing(SimulatedServer::name))
            .map(SimulatedServer::snapshot)
            .toList();
    return new Snapshot(servers, leadingMaster, certificateStagings.snapshot());
  }

  /** Takes back a snapshot; only before any simulator listens (listeners see what is there then). */
  synchronized void restore(Snapshot snapshot) {
    if (!serversByName.isEmpty() || !listeners.isEmpty()) {
      throw new IllegalStateException("a data centre is restored empty, before any simulator follows it");
    }
    for (SimulatedServer.Snapshot s : snapshot.servers()) {
      SimulatedServer server = SimulatedServer.restored(s);
      server.onFirstBoot(this::serverBooted);
      serversByName.put(server.name(), server);
    }
    leadingMaster = snapshot.leadingMaster();
    if (snapshot.stagings() != null) {
      certificateStagings.restore(snapshot.stagings());
    }
  }

  /**
   * Every simulator calls this right before it answers a request (HTTP or SSH): the sandbox writes
   * its world here, so what a client was told survives a restart. Nothing without a world.
   */
  public void beforeAnswer() {
    beforeAnswer.run();
  }

  /** A new server with a fresh id, as Nova gives one to every server it boots. */
  public SimulatedServer add(String name, Role role, String zone, String project, String status) {
    return add(UUID.randomUUID().toString(), name, role, zone, project, status);
  }

  /**
   * A seeded server keeps its id across sandbox restarts, as a real server does across engine
   * restarts: a runbook that stored the id before a restart finds the same server after it.
   */
  private SimulatedServer addSeeded(String name, Role role, String zone, String project) {
    String id = UUID.nameUUIDFromBytes(("sandbox-seed:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    return add(id, name, role, zone, project, "ACTIVE");
  }

  private SimulatedServer add(
      String id, String name, Role role, String zone, String project, String status) {
    SimulatedServer server = new SimulatedServer(id, name, role, zone, project, status);
    server.onFirstBoot(this::serverBooted);
    if (serversByName.putIfAbsent(name, server) != null) {
      throw new IllegalStateException("a server named " + name + " already exists");
    }
    listeners.forEach(l -> l.serverAdded(server));
    return server;
  }

  /**
   * A BUILD or REBUILD of {@code server} settled into ACTIVE at {@code at} (called by the server as
   * it settles, under its lock): the first-boot script fetches the Puppet certificate with a
   * Certmgr staging valid at that moment, consuming it; without one the machine has none.
   */
  void serverBooted(SimulatedServer server, Instant at) {
    if (certificateStagings.consume(server.name(), at)) {
      server.grantPuppetCertificate();
    }
    listeners.forEach(l -> l.serverBooted(server, at));
  }

  /** The Certmgr stagings: which hosts may fetch a certificate at their next first boot. */
  public CertificateStagings certificateStagings() {
    return certificateStagings;
  }

  /** Marks the server deleted and tells the listeners; unknown names are ignored. */
  public void delete(String name) {
    server(name)
        .ifPresent(
            s -> {
              s.markDeleted();
              listeners.forEach(l -> l.serverDeleted(s));
            });
  }

  /** Registers a listener; it is told about the servers that already exist, too. */
  public void addListener(DataCentreListener listener) {
    listeners.add(listener);
    servers().forEach(listener::serverAdded);
  }

  public Optional<SimulatedServer> server(String name) {
    return Optional.ofNullable(serversByName.get(name)).filter(s -> !s.isDeleted());
  }

  public Optional<SimulatedServer> serverById(String id) {
    return servers().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** Every server not deleted, by name. */
  public List<SimulatedServer> servers() {
    List<SimulatedServer> all = new ArrayList<>(serversByName.values());
    all.removeIf(SimulatedServer::isDeleted);
    all.sort(Comparator.comparing(SimulatedServer::name));
    return all;
  }

  public Collection<SimulatedServer> masters() {
    return servers().stream().filter(s -> s.role() == Role.MASTER).toList();
  }

  /** Removes a deleted server's name so that it can be created again. */
  public void forget(String name) {
    serversByName.computeIfPresent(name, (n, s) -> s.isDeleted() ? null : s);
  }

  public Instant now() {
    return clock.instant();
  }

  public SimulationTimings timings() {
    return timings;
  }

  /** The master currently leading Mesos, or empty when no quorum elects one. */
  public synchronized Optional<String> leadingMaster() {
    List<String> healthy = healthyMasters();
    if (healthy.size() < 2) {
      // No quorum: the remaining master cannot lead alone (the guide: at least 2 must be up).
      leadingMaster = null;
      return Optional.empty();
    }
    if (leadingMaster == null || !healthy.contains(leadingMaster)) {
      leadingMaster = healthy.get(0);
    }
    return Optional.of(leadingMaster);
  }

  /** Masters whose server is up and whose mesos-master and zookeeper containers run. */
  public List<String> healthyMasters() {
    return masters().stream().map(SimulatedServer::name).filter(this::isMasterHealthy).toList();
  }

  /**
   * {@code docker restart CONTAINER} on a host. Restarting {@code mesos-master} on the leader makes
   * the other healthy masters elect a new leader, as the real ensemble does.
   */
  public void restartContainer(String host, String container) {
    restart(host, container);
    listeners.forEach(l -> l.containerRestarted(host, container));
  }

  private synchronized void restart(String host, String container) {
    SimulatedServer server = server(host).orElseThrow();
    server.startContainers(Set.of(container));
    if ("mesos-master".equals(container) && host.equals(leadingMaster)) {
      leadingMaster =
          healthyMasters().stream().filter(m -> !m.equals(host)).findFirst().orElse(host);
    }
  }

  private boolean isMasterHealthy(String name) {
    return server(name)
        .filter(s -> s.role() == Role.MASTER)
        .filter(s -> "ACTIVE".equals(s.status(now())))
        .filter(s -> s.runningContainers().containsAll(Set.of("mesos-master", "zookeeper")))
        .isPresent();
  }
}
