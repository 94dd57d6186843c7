package org.alisw.runbooks.e2e.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine as a separate JVM (the test's own class path, main class {@code
 * RunbooksApplication}): its own environment (secrets are handed over there, as a deployment
 * does), its console captured in a file, stopped with SIGTERM.
 */
public final class EngineProcess implements AutoCloseable {

  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

  private final Process process;
  private final Path log;
  private int port;

  private EngineProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the engine with {@code arguments} and {@code environment}; waits until it listens. */
  public static EngineProcess start(Path log, List<String> arguments, Map<String, String> environment, Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.alisw.runbooks.RunbooksApplication");
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    EngineProcess engine = new EngineProcess(builder.start(), log);
    try {
      engine.awaitPort(timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      // Not left running behind a failed test (it would hold its ports and its database).
      engine.close();
      throw e;
    }
    return engine;
  }

  private void awaitPort(Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Matcher m = PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the engine exited with " + process.exitValue() + "; see " + log);
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the engine did not listen within " + timeout + "; see " + log);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  /** SIGTERM, as a service manager stops it; SIGKILL only if it does not end in a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
