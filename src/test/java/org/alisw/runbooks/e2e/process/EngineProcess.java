package org.alisw.runbooks.e2e.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged engine ({@code target/infra-runbooks-*.jar}, built by {@code package} before
 * failsafe runs) as a child process: started with {@code java -jar} and command-line arguments
 * (which rank above application.yaml, unlike default properties), its output in a log file under
 * {@code target/engine-logs/}, ready once its REST API answers. {@link #kill()} is SIGKILL on
 * Linux ({@link Process#destroyForcibly()}), {@link #terminate(Duration)} is SIGTERM
 * ({@link Process#destroy()}). Always {@link #close()} it (it kills whatever still runs).
 */
public final class EngineProcess implements AutoCloseable {

  private static final Pattern PORT = Pattern.compile("Tomcat started on port (?:\\(s\\): )?(\\d+)");

  private final String name;
  private final Process process;
  private final Path log;
  private volatile int port;

  private EngineProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** A small, quickly started JVM: two cores are shared by the whole build. */
  public static final List<String> TEST_JVM_OPTIONS =
      List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k");

  /** Starts the jar with {@code arguments} (a random HTTP port is added) and waits until it is ready. */
  public static EngineProcess start(String name, List<String> arguments, Duration readyWithin) {
    return start(name, TEST_JVM_OPTIONS, arguments, readyWithin);
  }

  /**
   * As {@link #start(String, List, Duration)} with these JVM options instead of {@link
   * #TEST_JVM_OPTIONS} (the benchmarks run the JVM as production does: full JIT, its own heap).
   */
  public static EngineProcess start(String name, List<String> jvmOptions, List<String> arguments, Duration readyWithin) {
    Path logs = Path.of("target", "engine-logs").toAbsolutePath();
    try {
      Files.createDirectories(logs);
      Path log = logs.resolve(name + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(List.of("-jar", jar().toString()));
      command.add("--server.port=0");
      command.add("--spring.main.banner-mode=off");
      command.addAll(arguments);
      Process process =
          new ProcessBuilder(command)
              .directory(Path.of("").toAbsolutePath().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      EngineProcess engine = new EngineProcess(name, process, log);
      try {
        engine.awaitReady(readyWithin);
      } catch (RuntimeException | Error e) {
        engine.close();
        throw e;
      }
      return engine;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the engine " + name, e);
    }
  }

  /** The packaged application: the repackaged jar, not the plain one or the .original. */
  static Path jar() throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "infra-runbooks-*.jar")) {
      for (Path jar : jars) {
        String file = jar.getFileName().toString();
        if (!file.endsWith("-plain.jar") && !file.endsWith("-sources.jar") && !file.endsWith("-tests.jar")) {
          return jar;
        }
      }
    }
    throw new IllegalStateException(
        "no target/infra-runbooks-*.jar: these tests start the packaged engine; run them with"
            + " `mvn verify` (package comes before failsafe's integration-test)");
  }

  private void awaitReady(Duration within) {
    Instant deadline = Instant.now().plus(within);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "engine " + name + " exited with " + process.exitValue() + " before it was ready:\n" + tail(60));
      }
      if (port == 0) {
        Matcher m = PORT.matcher(log());
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      if (port != 0 && answers(http)) {
        return;
      }
      sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException("engine " + name + " not ready within " + within + ":\n" + tail(60));
  }

  /** Ready = its REST API lists the engine (a deployed, started process engine behind Tomcat). */
  private boolean answers(HttpClient http) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl() + "/engine-rest/engine"))
              .timeout(Duration.ofSeconds(5))
              .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("x:x".getBytes(StandardCharsets.UTF_8)))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      // 401: up, and refusing our made-up account, as it should.
      return status == 200 || status == 401;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no graceful anything; waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  /** SIGTERM, then waits up to {@code within} for the exit; returns the exit code. */
  public int terminate(Duration within) {
    process.destroy();
    if (!waitFor(within)) {
      throw new IllegalStateException("engine " + name + " still runs " + within + " after SIGTERM:\n" + tail(40));
    }
    return process.exitValue();
  }

  private boolean waitFor(Duration within) {
    try {
      return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Path logFile() {
    return log;
  }

  public String log() {
    try {
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  public String tail(int lines) {
    List<String> all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(30));
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
