package org.alisw.runbooks.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One virtual machine of the simulated data centre, shared by every simulator (Nova, SSH, Foreman,
 * Mesos) so that they tell one coherent story.
 *
 * <p>Transitions are lazy: a hard reboot records "HARD_REBOOT until t, then ACTIVE" and every read
 * settles the state against the clock. No simulator thread sleeps or polls.
 */
public final class SimulatedServer {

  /** What the machine is in the Mesos cluster. */
  public enum Role {
    MASTER,
    AGENT
  }

  private final String id;
  private final String name;
  private final Role role;
  private final String availabilityZone;
  private final String project;
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Set<String> runningContainers = new LinkedHashSet<>();
  private final Set<String> pulledImages = new LinkedHashSet<>();

  private String status;
  private String fault;
  private String transientStatus;
  private String statusAfterTransition;
  private Instant transitionEndsAt;
  private int generation;
  private boolean deleted;
  private int failingPuppetRunsLeft;
  private int puppetRuns;
  private PuppetRun lastPuppetRun;
  private boolean sshReachable = true;
  private boolean puppetCertificate;
  private FirstBoot firstBoot = (server, at) -> {};

  /** Told when a BUILD or REBUILD settles into ACTIVE: the first boot of a fresh root disk. */
  @FunctionalInterface
  interface FirstBoot {
    void booted(SimulatedServer server, Instant at);
  }

  SimulatedServer(
      String id, String name, Role role, String availabilityZone, String project, String status) {
    this.id = id;
    this.name = name;
    this.role = role;
    this.availabilityZone = availabilityZone;
    this.project = project;
    this.status = status;
    // A machine that enters the data centre running (seeded, or added ACTIVE) is installed:
    // it has its Puppet certificate. One that enters in BUILD gets one at first boot, if staged.
    this.puppetCertificate = "ACTIVE".equals(status);
  }

  /** Everything this server holds, for the sandbox's world on disk ({@link SandboxWorld}). */
  record Snapshot(
      String id,
      String name,
      Role role,
      String availabilityZone,
      String project,
      Map<String, String> metadata,
      List<String> runningContainers,
      List<String> pulledImages,
      String status,
      String fault,
      String transientStatus,
      String statusAfterTransition,
      Instant transitionEndsAt,
      int generation,
      boolean deleted,
      int failingPuppetRunsLeft,
      int puppetRuns,
      PuppetRun lastPuppetRun,
      boolean sshReachable,
      boolean puppetCertificate) {}

  /** The raw state, transitions not settled: a restored server settles them against the clock. */
  synchronized Snapshot snapshot() {
    return new Snapshot(
        id, name, role, availabilityZone, project, new LinkedHashMap<>(metadata),
        List.copyOf(runningContainers), List.copyOf(pulledImages), status, fault, transientStatus,
        statusAfterTransition, transitionEndsAt, generation, deleted, failingPuppetRunsLeft,
        puppetRuns, lastPuppetRun, sshReachable, puppetCertificate);
  }

  /** The server a {@link #snapshot()} describes. */
  static SimulatedServer restored(Snapshot s) {
    SimulatedServer server =
        new SimulatedServer(s.id(), s.name(), s.role(), s.availabilityZone(), s.project(), s.status());
    synchronized (server) {
      if (s.metadata() != null) {
        server.metadata.putAll(s.metadata());
      }
      if (s.runningContainers() != null) {
        server.runningContainers.addAll(s.runningContainers());
      }
      if (s.pulledImages() != null) {
        server.pulledImages.addAll(s.pulledImages());
      }
      server.fault = s.fault();
      server.transientStatus = s.transientStatus();
      server.statusAfterTransition = s.statusAfterTransition();
      server.transitionEndsAt = s.transitionEndsAt();
      server.generation = s.generation();
      server.deleted = s.deleted();
      server.failingPuppetRunsLeft = s.failingPuppetRunsLeft();
      server.puppetRuns = s.puppetRuns();
      server.lastPuppetRun = s.lastPuppetRun();
      server.sshReachable = s.sshReachable();
      server.puppetCertificate = s.puppetCertificate();
    }
    return server;
  }

  /** The data centre's hook, called (under this server's lock) when a first boot completes. */
  synchronized void onFirstBoot(FirstBoot hook) {
    this.firstBoot = hook;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  public String availabilityZone() {
    return availabilityZone;
  }

  public String project() {
    return project;
  }

  /** Nova's status after settling any transition that has finished by {@code now}. */
  public synchronized String status(Instant now) {
    settle(now);
    return transientStatus != null ? transientStatus : status;
  }

  /** Nova's fault message while in ERROR, otherwise null. */
  public synchronized String fault() {
    return fault;
  }

  /** Bumped by every rebuild: the SSH simulator derives a fresh host key from it. */
  public synchronized int generation() {
    return generation;
  }

  public synchronized boolean isDeleted() {
    return deleted;
  }

  /** Starts a transition such as HARD_REBOOT or REBUILD that settles into ACTIVE after {@code d}. */
  public synchronized void beginTransition(
      String transitional, Duration d, String settled, Instant now) {
    settle(now);
    transientStatus = transitional;
    statusAfterTransition = settled;
    transitionEndsAt = now.plus(d);
    fault = null;
  }

  /** A rebuild: new disk, new host key, containers gone until puppet puts them back. */
  public synchronized void rebuild(Duration d, Instant now) {
    beginTransition("REBUILD", d, "ACTIVE", now);
    generation++;
    puppetCertificate = false; // the new root disk has no Puppet key or certificate
    runningContainers.clear();
    pulledImages.clear();
  }

  /** Puts the server in ERROR with Nova's fault message. */
  public synchronized void fail(String faultMessage) {
    transientStatus = null;
    transitionEndsAt = null;
    status = "ERROR";
    fault = faultMessage;
  }

  public synchronized void markDeleted() {
    deleted = true;
    status = "DELETED";
    transientStatus = null;
  }

  /** True when an SSH connection would get through: ACTIVE and not made unreachable by a test. */
  public synchronized boolean acceptsConnections(Instant now) {
    return !deleted && sshReachable && "ACTIVE".equals(status(now));
  }

  public synchronized void setSshReachable(boolean reachable) {
    this.sshReachable = reachable;
  }

  public synchronized Map<String, String> metadata() {
    return Map.copyOf(metadata);
  }

  public synchronized void putMetadata(Map<String, String> entries) {
    metadata.putAll(entries);
  }

  /** Replaces all metadata, as Nova's {@code PUT /servers/{id}/metadata} does. */
  public synchronized void replaceMetadata(Map<String, String> entries) {
    metadata.clear();
    metadata.putAll(entries);
  }

  public synchronized Set<String> runningContainers() {
    return Set.copyOf(runningContainers);
  }

  public synchronized void startContainers(Set<String> names) {
    runningContainers.addAll(names);
  }

  public synchronized void stopContainer(String container) {
    runningContainers.remove(container);
  }

  public synchronized Set<String> pulledImages() {
    return Set.copyOf(pulledImages);
  }

  public synchronized void pullImage(String image) {
    pulledImages.add(image);
  }

  /** The next {@code runs} puppet runs on this host report failures. */
  public synchronized void failNextPuppetRuns(int runs) {
    failingPuppetRunsLeft = runs;
  }

  /** Consumes one puppet run: true when it fails. Records the run (see {@link #lastPuppetRun()}). */
  public synchronized boolean nextPuppetRunFails() {
    boolean fails = failingPuppetRunsLeft > 0;
    if (fails) {
      failingPuppetRunsLeft--;
    }
    lastPuppetRun = new PuppetRun(++puppetRuns, fails);
    return fails;
  }

  /** One puppet run consumed by {@link #nextPuppetRunFails()}: its number on this host (1, 2, ...). */
  public record PuppetRun(int number, boolean failed) {}

  /** The latest puppet run on this host, if any ran: the simulated Foreman reports it. */
  public synchronized java.util.Optional<PuppetRun> lastPuppetRun() {
    return java.util.Optional.ofNullable(lastPuppetRun);
  }

  /**
   * True when the machine holds a signed Puppet certificate by {@code now} (a boot finished by then
   * has fetched it, if staged): without one, puppet cannot run.
   */
  public synchronized boolean hasPuppetCertificate(Instant now) {
    settle(now);
    return puppetCertificate;
  }

  /** puppetinit fetched the host's key and certificate with a Certmgr staging. */
  synchronized void grantPuppetCertificate() {
    puppetCertificate = true;
  }

  private void settle(Instant now) {
    if (transitionEndsAt != null && !now.isBefore(transitionEndsAt)) {
      boolean booted =
          ("BUILD".equals(transientStatus) || "REBUILD".equals(transientStatus))
              && "ACTIVE".equals(statusAfterTransition);
      Instant bootedAt = transitionEndsAt;
      status = statusAfterTransition;
      transientStatus = null;
      statusAfterTransition = null;
      transitionEndsAt = null;
      if (booted) {
        // Settling is lazy: the boot happened at bootedAt, whenever someone looks.
        firstBoot.booted(this, bootedAt);
      }
    }
  }
}
