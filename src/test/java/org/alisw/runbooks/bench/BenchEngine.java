package org.alisw.runbooks.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.EngineProcess;
import org.alisw.runbooks.e2e.process.PostgresServer;
import org.alisw.runbooks.e2e.process.Simulators;

/**
 * One engine under measurement: the packaged jar as a child JVM ({@link EngineProcess}, sized as
 * {@link #JVM}) on a fresh H2 file or a fresh PostgreSQL database ({@link PostgresServer}),
 * pointed at simulators living in the benchmark's JVM ({@link Simulators}), which the caller
 * starts (zero latency: {@link #ZERO_LATENCY}) and keeps across engines.
 */
final class BenchEngine implements AutoCloseable {

  /** The engine JVM of every benchmark: production's compiler and GC, a documented heap. */
  static final List<String> JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC");

  static final String OPERATOR1_PASSWORD = "bench-operator1-secret";
  static final String OPERATOR2_PASSWORD = "bench-operator2-secret";

  /** Simulated machines settle at once: what is left is the engine's (and the simulators') time. */
  static final String[] ZERO_LATENCY = {
    "--runbooks.sandbox.timings.boot=PT0S",
    "--runbooks.sandbox.timings.rebuild=PT0S",
    "--runbooks.sandbox.timings.hard-reboot=PT0S",
    "--runbooks.sandbox.openstack.volume-creation=PT0S",
    "--runbooks.sandbox.ssh.puppet-failures-after-install=0"
  };

  enum Database {
    H2,
    POSTGRESQL
  }

  private final EngineProcess process;
  private final PostgresServer postgres;

  private BenchEngine(EngineProcess process, PostgresServer postgres) {
    this.process = process;
    this.postgres = postgres;
  }

  /**
   * Starts an engine named {@code name} (its log: target/engine-logs/{@code name}.log) with its
   * data under {@code data}, and {@code arguments} on top of the sandbox profile's settings.
   */
  static BenchEngine start(
      String name, Simulators simulators, Path data, Database database, List<String> jvmExtra, List<String> arguments) {
    List<String> args = new ArrayList<>(simulators.engineArguments());
    args.add("--sandbox.accounts.admin-password=bench-admin-secret");
    args.add("--sandbox.accounts.operator1-password=" + OPERATOR1_PASSWORD);
    args.add("--sandbox.accounts.operator2-password=" + OPERATOR2_PASSWORD);
    args.add("--logging.level.org.alisw.runbooks=WARN");
    PostgresServer postgres = null;
    if (database == Database.POSTGRESQL) {
      postgres = PostgresServer.start("runbooks");
      args.add("--spring.profiles.active=sandbox,postgres");
      args.add("--spring.datasource.url=" + postgres.jdbcUrl("runbooks"));
      args.add("--spring.datasource.username=postgres");
      args.add("--spring.datasource.password=");
    } else {
      args.add("--spring.datasource.url=jdbc:h2:file:" + data.resolve(name).resolve("runbooks").toAbsolutePath()
          + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE");
    }
    args.addAll(arguments);
    List<String> jvm = new ArrayList<>(JVM);
    jvm.addAll(jvmExtra);
    try {
      return new BenchEngine(EngineProcess.start(name, jvm, args, Duration.ofMinutes(3)), postgres);
    } catch (RuntimeException e) {
      if (postgres != null) {
        postgres.close();
      }
      throw e;
    }
  }

  EngineClient operator1() {
    return new EngineClient(process.baseUrl(), "operator1", OPERATOR1_PASSWORD);
  }

  EngineProcess process() {
    return process;
  }

  /** Resident memory of the engine JVM (Linux /proc), in MiB; -1 where unknown. */
  long rssMiB() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  @Override
  public void close() {
    try {
      process.close();
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }
}
