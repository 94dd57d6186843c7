package org.alisw.runbooks.sandbox.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.alisw.runbooks.sandbox.DataCentreListener;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every machine of the simulated data centre as an SSH host (Apache MINA SSHD), following servers
 * as they are created and deleted. The production adapter finds them through the files in {@link
 * #directory()}: the client identity, a known_hosts with the keys the seeded machines present at
 * start, and the address file mapping host names to loopback ports.
 *
 * <p>Machines created later are not added to known_hosts, and a rebuilt machine presents a new
 * key: as in reality, the runbooks must accept those with the audited host key replacement. Their
 * fingerprints are logged here, the sandbox's stand-in for a VM's boot console.
 *
 * <p>Faults (shared {@link Faults}): {@link #connectOperation} delays ({@code Latency}) or refuses
 * ({@code Drop}) the next connections to a host, {@link #execOperation} delays the next commands
 * or kills them with SIGKILL ({@code Drop}).
 */
public final class SimulatedHosts implements DataCentreListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedHosts.class);

  private final SimulatedDataCentre dataCentre;
  private final SandboxSshFiles files;
  private final String user;
  private final Faults faults;
  private final SimulatedHostKeys keys = new SimulatedHostKeys();
  private final HostCommandHandler handler;
  private final List<PublicKey> authorizedKeys = new CopyOnWriteArrayList<>();
  private final Map<String, SimulatedSshHost> hosts = new ConcurrentHashMap<>();
  private final List<ReceivedCommand> received = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
  private volatile boolean started;
  private volatile boolean restored;
  private volatile boolean closed;
  private volatile Duration commandLatency = Duration.ZERO;

  private SimulatedHosts(
      SimulatedDataCentre dataCentre, Path directory, String user, Faults faults, String passphrase) {
    this.dataCentre = dataCentre;
    this.files = new SandboxSshFiles(directory, passphrase);
    this.user = user;
    this.faults = faults;
    this.handler = new HostCommandHandler(dataCentre);
  }

  /**
   * Starts an SSH host for every server of {@code dataCentre} (and for every one added later) and
   * writes the client identity, known_hosts and address file into {@code directory}.
   *
   * @param user the only user let in (the adapter's {@code runbooks.hosts.ssh.user})
   */
  public static SimulatedHosts start(
      SimulatedDataCentre dataCentre, Path directory, String user, Faults faults) {
    return start(dataCentre, directory, user, faults, null);
  }

  /**
   * As {@link #start(SimulatedDataCentre, Path, String, Faults)}, with the host keys and puppet
   * convergence a {@link SandboxWorld} kept (part {@value #WORLD_PART}): a restarted host presents
   * the key it presented before, and a machine mid-installation is not taken for a configured one.
   *
   * @param world null for none
   */
  public static SimulatedHosts start(
      SimulatedDataCentre dataCentre, Path directory, String user, Faults faults, SandboxWorld world) {
    return start(dataCentre, directory, user, faults, world, null);
  }

  /**
   * As {@link #start(SimulatedDataCentre, Path, String, Faults, SandboxWorld)}, with the client
   * identity encrypted with {@code passphrase} (null or empty: unencrypted), as an operator's key
   * normally is; the production adapter decrypts it with the passphrase from its environment.
   */
  public static SimulatedHosts start(
      SimulatedDataCentre dataCentre, Path directory, String user, Faults faults, SandboxWorld world, String passphrase) {
    SimulatedHosts simulated = new SimulatedHosts(dataCentre, directory, user, faults, passphrase);
    if (world != null) {
      world.attach(
          WORLD_PART, SandboxWorld.part(Snapshot.class, simulated::snapshot, simulated::restore));
    }
    KeyPair client = simulated.files.clientKeyPair();
    simulated.authorizedKeys.add(client.getPublic());
    dataCentre.addListener(simulated);
    simulated.started = true;
    simulated.writeKnownHosts();
    log.info("Simulated SSH hosts ready; identity, known_hosts and addresses in {}", directory);
    return simulated;
  }

  /** The name of the hosts' part of the {@link SandboxWorld}. */
  public static final String WORLD_PART = "sshHosts";

  /** The host keys handed out and the hosts' puppet convergence. */
  record Snapshot(Map<String, SimulatedHostKeys.StoredKey> hostKeys, HostCommandHandler.Snapshot puppet) {}

  private Snapshot snapshot() {
    return new Snapshot(keys.snapshot(), handler.snapshot());
  }

  private void restore(Snapshot snapshot) {
    if (snapshot.hostKeys() != null) {
      keys.restore(snapshot.hostKeys());
    }
    if (snapshot.puppet() != null) {
      handler.restore(snapshot.puppet());
      restored = true;
    }
  }

  /**
   * Called right before a command's answer goes back: the data centre keeps its world. False when
   * that failed (logged here).
   */
  boolean beforeAnswer() {
    try {
      dataCentre.beforeAnswer();
      return true;
    } catch (RuntimeException e) {
      log.warn("Simulated hosts: the sandbox world could not be kept, the command dies: {}", e.toString());
      return false;
    }
  }

  /**
   * How long every command takes before it answers (the network and the host's own time), on top
   * of any injected {@code Latency} fault; zero by default. The benchmarks set it.
   */
  public void setCommandLatency(Duration latency) {
    if (latency == null || latency.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or positive, not " + latency);
    }
    this.commandLatency = latency;
  }

  public Duration commandLatency() {
    return commandLatency;
  }

  /** The operation name of connection faults for {@code host}. */
  public static String connectOperation(String host) {
    return "ssh.connect:" + host;
  }

  /** The operation name of command faults for {@code host}. */
  public static String execOperation(String host) {
    return "ssh.exec:" + host;
  }

  @Override
  public void serverAdded(SimulatedServer server) {
    if (closed) {
      return;
    }
    hosts.computeIfAbsent(server.name(), name -> startHost(server));
    if (!started) {
      // The machines that exist when the sandbox starts are installed and configured, unless the
      // sandbox's world kept how far each one got.
      if (!restored) {
        handler.markConverged(server);
      }
    } else {
      log.info(
          "Simulated host {} is new; it will present host key {}",
          server.name(), hostKeyFingerprint(server.name()));
    }
    writeAddresses();
  }

  @Override
  public void serverDeleted(SimulatedServer server) {
    SimulatedSshHost host = hosts.remove(server.name());
    if (host != null) {
      stop(host);
      writeAddresses();
    }
  }

  /** The loopback port of {@code host}'s SSH daemon. */
  public int port(String host) {
    return host(host).port();
  }

  /** The key {@code host} presents now (it changes with every rebuild). */
  public PublicKey hostKey(String host) {
    return keys.current(host(host).server()).getPublic();
  }

  /** {@code SHA256:...} of the key {@code host} presents now: what its console would print. */
  public String hostKeyFingerprint(String host) {
    return SimulatedHostKeys.fingerprint(hostKey(host));
  }

  /**
   * The host key block cloud-init prints on a VM's console at boot, for a simulated console log
   * (what an operator copies the confirmed fingerprint from).
   */
  public List<String> consoleFingerprintLines(String host) {
    PublicKey key = hostKey(host);
    return List.of(
        "-----BEGIN SSH HOST KEY FINGERPRINTS-----",
        "256 " + SimulatedHostKeys.fingerprint(key) + " root@" + host + " (ECDSA)",
        "-----END SSH HOST KEY FINGERPRINTS-----");
  }

  /** Every command the simulated hosts received, oldest first. */
  public List<ReceivedCommand> receivedCommands() {
    return List.copyOf(received);
  }

  /** The commands {@code host} received, oldest first. */
  public List<ReceivedCommand> receivedCommands(String host) {
    return received.stream().filter(c -> c.host().equals(host)).toList();
  }

  /** Lets another client key in (for example a passphrase-protected one in a test). */
  public void authorize(PublicKey key) {
    authorizedKeys.add(key);
  }

  /**
   * The first {@code runs} puppet runs of every machine created or rebuilt from now on fail, as
   * they often do on a fresh installation; on top of {@link SimulatedServer#failNextPuppetRuns}.
   */
  public void setPuppetFailuresAfterInstall(int runs) {
    handler.setFailuresAfterInstall(runs);
  }

  /** Every puppet run on {@code host} also prints about {@code bytes} of debug lines per stream. */
  public void setPuppetNoise(String host, int bytes) {
    handler.setPuppetNoise(host, bytes);
  }

  public Faults faults() {
    return faults;
  }

  public Path directory() {
    return files.identityFile().getParent();
  }

  public Path identityFile() {
    return files.identityFile();
  }

  public Path knownHostsFile() {
    return files.knownHostsFile();
  }

  public Path addressFile() {
    return files.addressFile();
  }

  /** Stops every SSH daemon and removes the files written at start; once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    hosts.values().forEach(this::stop);
    hosts.clear();
    executor.shutdownNow();
    files.delete();
  }

  SimulatedHostKeys keys() {
    return keys;
  }

  HostCommandHandler handler() {
    return handler;
  }

  String user() {
    return user;
  }

  List<PublicKey> authorizedKeys() {
    return authorizedKeys;
  }

  ExecutorService executor() {
    return executor;
  }

  Instant now() {
    return dataCentre.now();
  }

  void record(ReceivedCommand command) {
    received.add(command);
  }

  private SimulatedSshHost host(String name) {
    SimulatedSshHost host = hosts.get(name);
    if (host == null) {
      throw new IllegalArgumentException("no simulated SSH host " + name);
    }
    return host;
  }

  private SimulatedSshHost startHost(SimulatedServer server) {
    try {
      return new SimulatedSshHost(server, this).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the SSH host of " + server.name(), e);
    }
  }

  private void stop(SimulatedSshHost host) {
    try {
      host.close();
    } catch (IOException e) {
      log.warn("Simulated host {} did not stop cleanly: {}", host.server().name(), e.toString());
    }
  }

  private void writeKnownHosts() {
    List<String> lines = new ArrayList<>();
    lines.add("# Simulated hosts of the sandbox, as they presented themselves at start.");
    sortedHosts()
        .forEach(
            h ->
                lines.add(
                    "[127.0.0.1]:" + h.port() + " "
                        + SimulatedHostKeys.publicKeyText(keys.current(h.server()).getPublic())));
    SandboxSshFiles.writeLines(files.knownHostsFile(), lines);
  }

  private synchronized void writeAddresses() {
    if (closed) {
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add("# Simulated hosts of the sandbox: name address:port");
    sortedHosts().forEach(h -> lines.add(h.server().name() + " 127.0.0.1:" + h.port()));
    SandboxSshFiles.writeLines(files.addressFile(), lines);
  }

  private List<SimulatedSshHost> sortedHosts() {
    return hosts.values().stream()
        .sorted(Comparator.comparing((SimulatedSshHost h) -> h.server().name()))
        .toList();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "simulated-ssh-command-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
