package org.alisw.runbooks.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.EngineProcess;
import org.alisw.runbooks.e2e.process.Simulators;

/**
 * The packaged engine as a child JVM (through {@link EngineProcess}, with {@link #JVM_OPTIONS})
 * on a file H2 in {@code database}, pointed at {@link Simulators} running in the
 * benchmark's JVM, with the sandbox's accounts. What the footprint, resume and fleet benchmarks
 * share: the time to ready, the health endpoint, the resident memory of the process.
 */
final class EngineUnderTest implements AutoCloseable {

  /**
   * The engine's JVM as production runs it ({@code java -jar}: tiered JIT, the default collector)
   * with a documented heap, unlike the tests' C1-only serial-GC JVM; {@code bench.jvm-options}
   * (space-separated) replaces it.
   */
  static final List<String> JVM_OPTIONS =
      List.of(System.getProperty("bench.jvm-options", "-Xmx512m").trim().split("\\s+"));

  static final String ADMIN_PASSWORD = "bench-admin-secret";
  static final String OPERATOR1_PASSWORD = "bench-operator1-secret";
  static final String OPERATOR2_PASSWORD = "bench-operator2-secret";

  private final EngineProcess process;
  /** From the moment the JVM was launched to the first HTTP 200 of the readiness endpoint. */
  private final Duration startToReady;
  private final long readyAtNanos;

  private EngineUnderTest(EngineProcess process, Duration startToReady, long readyAtNanos) {
    this.process = process;
    this.startToReady = startToReady;
    this.readyAtNanos = readyAtNanos;
  }

  /**
   * Starts an engine on the H2 file {@code database} (created if missing) with {@code extra}
   * arguments ({@code --name=value}, ranking above application.yaml), and waits for HTTP 200 from
   * {@code /actuator/health/readiness}.
   */
  static EngineUnderTest start(String name, Simulators simulators, Path database, List<String> extra) {
    List<String> args = new ArrayList<>(simulators.engineArguments());
    args.addAll(List.of(
        // As application.yaml's URL, in the benchmark's own folder.
        "--spring.datasource.url=jdbc:h2:file:" + database.toAbsolutePath()
            + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE",
        "--sandbox.accounts.admin-password=" + ADMIN_PASSWORD,
        "--sandbox.accounts.operator1-password=" + OPERATOR1_PASSWORD,
        "--sandbox.accounts.operator2-password=" + OPERATOR2_PASSWORD,
        // A loaded two-core machine: the start check's first OpenStack login may be slow.
        "--runbooks.openstack.start-check-timeout=PT30S",
        "--logging.level.org.alisw.runbooks=WARN"));
    args.addAll(extra);
    long launched = System.nanoTime();
    EngineProcess process = EngineProcess.start(name, JVM_OPTIONS, args, Duration.ofMinutes(4));
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      URI readiness = URI.create(process.baseUrl() + "/actuator/health/readiness");
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (true) {
        if (status(http, readiness) == 200) {
          long ready = System.nanoTime();
          return new EngineUnderTest(process, Duration.ofNanos(ready - launched), ready);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("engine " + name + " answers REST but its readiness never said 200:\n" + process.tail(40));
        }
        Thread.sleep(50);
      }
    } catch (RuntimeException | Error e) {
      process.close();
      throw e;
    } catch (InterruptedException e) {
      process.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int status(HttpClient http, URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Duration startToReady() {
    return startToReady;
  }

  /** {@link System#nanoTime()} when the readiness endpoint first said 200. */
  long readyAtNanos() {
    return readyAtNanos;
  }

  EngineProcess process() {
    return process;
  }

  EngineClient operator1() {
    return new EngineClient(process.baseUrl(), "operator1", OPERATOR1_PASSWORD);
  }

  EngineClient operator2() {
    return new EngineClient(process.baseUrl(), "operator2", OPERATOR2_PASSWORD);
  }

  EngineClient admin() {
    return new EngineClient(process.baseUrl(), "admin", ADMIN_PASSWORD);
  }

  /** Resident memory of the engine's JVM now (VmRSS of /proc), in MiB. */
  double rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("no /proc status for the engine (pid " + process.pid() + "): Linux only", e);
    }
    throw new IllegalStateException("no VmRSS in /proc/" + process.pid() + "/status");
  }

  @Override
  public void close() {
    process.close();
  }
}
