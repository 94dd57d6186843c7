package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.unit.DataSize;

/**
 * The seeded simulated data centre served by MINA SSHD hosts on loopback ports, and the production
 * adapters built by hand against the files those hosts write (their known_hosts imported into an
 * in-memory trusted host key store), exactly as the sandbox wires them.
 * Register it as a field, {@code @RegisterExtension final HostsFixture hosts = new
 * HostsFixture();}: a fresh data centre per test, stopped after it.
 */
final class HostsFixture implements AfterEachCallback {

  static final Duration REBUILD = Duration.ofSeconds(3);

  final MutableClock clock = new MutableClock();
  final SimulatedDataCentre dataCentre =
      SimulatedDataCentre.seeded(
          clock, new SimulationTimings(Duration.ofSeconds(2), REBUILD, Duration.ofSeconds(2)), "release-testing");
  final Faults faults = new Faults();
  final SimulatedHosts simulated;
  final HostResolver resolver;
  /** The trusted host keys, in an in-memory database of this fixture's own. */
  final TrustedHostKeyStore trusted;
  final DataSource dataSource;
  /** The in-memory database's name: another DataSource on it is another engine node. */
  final String database;
  private final Path directory = createTempDirectory();
  private final List<SshConnector> connectors = new java.util.ArrayList<>();

  HostsFixture() {
    this.simulated = SimulatedHosts.start(dataCentre, directory.resolve("ssh"), "root", faults);
    this.resolver = new ConfiguredHostResolver("", 22, simulated.addressFile());
    this.database = "hosts-fixture-" + UUID.randomUUID();
    this.dataSource = h2(database);
    this.trusted = store(dataSource, simulated.knownHostsFile());
    trusted.importAndExport();
  }

  /** A DataSource on an in-memory H2 database, open until {@code SHUTDOWN}. */
  static DataSource h2(String name) {
    return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  /** A store as HostsConfiguration builds it: tables created, not yet imported. */
  static TrustedHostKeyStore store(DataSource dataSource, Path knownHostsFile) {
    TrustedHostKeyStore store = new TrustedHostKeyStore(dataSource, Clock.systemUTC(), knownHostsFile);
    store.createSchema();
    return store;
  }

  /** SSH settings as the sandbox has them, with a small output limit where a test says so. */
  HostsProperties.Ssh ssh(Duration connectTimeout, DataSize outputLimit) {
    return new HostsProperties.Ssh(
        "root",
        simulated.identityFile().toString(),
        "RUNBOOKS_SSH_PASSPHRASE",
        simulated.knownHostsFile().toString(),
        connectTimeout,
        Duration.ofSeconds(20),
        outputLimit);
  }

  HostsProperties.Ssh ssh() {
    return ssh(Duration.ofSeconds(5), DataSize.ofKilobytes(64));
  }

  SshConnector connector(HostsProperties.Ssh ssh, Function<String, String> environment) {
    return connector(ssh, environment, trusted);
  }

  /** A connector verifying against {@code store} (another node's view of the trusted keys). */
  SshConnector connector(HostsProperties.Ssh ssh, Function<String, String> environment, TrustedHostKeyStore store) {
    SshConnector connector = new SshConnector(ssh, environment, store);
    connectors.add(connector);
    return connector;
  }

  RemoteShell shell(HostsProperties.Ssh ssh) {
    return new SshjRemoteShell(resolver, connector(ssh, name -> null), ssh.commandTimeout());
  }

  RemoteShell shell() {
    return shell(ssh());
  }

  KnownHosts knownHosts() {
    return new StoredKnownHosts(resolver, connector(ssh(), name -> null), trusted);
  }

  /** The production default command, as application.yaml configures it. */
  Puppet puppet() {
    return puppet(HostsProperties.DEFAULT_PUPPET_COMMAND);
  }

  Puppet puppet(String command) {
    return new ShellPuppet(shell(), command, Duration.ofSeconds(20));
  }

  Docker docker() {
    return new ShellDocker(
        shell(),
        Map.of(
            "master", List.of("mesos-master", "zookeeper", "marathon", "aurora-scheduler", "mesos-dns"),
            "agent", List.of()),
        Duration.ofSeconds(20));
  }

  SimulatedServer server(String name) {
    return dataCentre.server(name).orElseThrow();
  }

  /**
   * Rebuilds {@code name} as ai-rebuild-vm does, Certmgr staging first (else the rebuilt machine
   * gets no Puppet certificate), and lets the rebuild finish.
   */
  void rebuild(String name) {
    dataCentre.certificateStagings().stage(name + ".cern.ch", "ai-rebuild-vm", clock.instant());
    server(name).rebuild(REBUILD, clock.instant());
    clock.advance(REBUILD.plusSeconds(1));
  }

  /** Rebuilds {@code name} and accepts its new key as the runbooks do: audited, confirmed. */
  void rebuildAndTrust(String name) {
    rebuild(name);
    knownHosts().replaceHostKey(name, simulated.hostKeyFingerprint(name));
  }

  /** A server created after the sandbox started: its key is in no known_hosts. */
  SimulatedServer createServer(String name) {
    return dataCentre.add(name, SimulatedServer.Role.AGENT, "cern-geneva-a", "release-testing", "ACTIVE");
  }

  /** A server just created through Nova: BUILD for {@code boot}, then ACTIVE. */
  SimulatedServer createBootingServer(String name, Duration boot) {
    SimulatedServer server =
        dataCentre.add(name, SimulatedServer.Role.AGENT, "cern-geneva-b", "release-testing", "BUILD");
    server.beginTransition("BUILD", boot, "ACTIVE", clock.instant());
    return server;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    connectors.forEach(SshConnector::close);
    simulated.close();
    new JdbcTemplate(dataSource).execute("SHUTDOWN");
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("hosts-fixture-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A clock the tests move forward, so that Nova transitions finish without waiting. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-11-25T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
