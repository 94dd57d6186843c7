package org.alisw.runbooks.bench;

import static org.alisw.runbooks.bench.FleetEfficiencyBenchmark.pause;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.Simulators;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, measurement 6: the packaged engine's footprint as a child JVM ({@code -Xmx512m}, the
 * JVM's defaults otherwise: {@link EngineUnderTest#JVM_OPTIONS}) on a file H2.
 *
 * <ol>
 *   <li>Engine 1, fresh database: launch → ready, idle RSS; SIGTERM; the file compacted: the
 *       empty database (schema, deployments, users).
 *   <li>Engine 2, fresh database: launch → ready, idle RSS; {@code bench.footprint.completed}
 *       reboot-server runbooks run to the end (full history: verify-host, puppet output); SIGTERM,
 *       compacted: minus the empty one, per 1,000.
 *   <li>Engine 3, same data: launch → ready after a restart; every finished instance's removal
 *       time set to now (as a time-to-live of 0 would have), history cleanup run; SIGTERM,
 *       compacted: what cleanup leaves.
 *   <li>Engine 4, same data: launch → ready; {@code bench.footprint.active} rebuild-agent runbooks
 *       started and left at their discussion task; RSS with them.
 * </ol>
 */
class FootprintBenchmark {

  static final String ID = "footprint";
  private static final DateTimeFormatter REST_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  @TempDir Path data;

  @Test
  void startupMemoryAndDatabaseSize() throws Exception {
    long began = System.nanoTime();
    int completed = Integer.getInteger("bench.footprint.completed", 200);
    int active = Integer.getInteger("bench.footprint.active", 1000);
    int hostsPerRound = 50;
    List<String> rebootHosts = IntStream.rangeClosed(1, hostsPerRound).mapToObj(i -> "alibuild" + (9500 + i)).toList();
    List<String> taskHosts = List.of("alibuild04", "alibuild05", "alibuild06", "alibuild07", "alibuild08");

    List<Double> freshStart = new ArrayList<>();
    List<Double> restart = new ArrayList<>();
    List<Double> idleRss = new ArrayList<>();
    List<Double> activeRss;
    long emptyBytes;
    long completedBytes;
    long cleanedBytes;
    long finishedBefore;
    long finishedAfter;
    String rowsEmpty;
    String rowsCompleted;
    String rowsCleaned;
    try (Simulators simulators = Simulators.start(data.resolve("simulators"))) {
      SimulatedDataCentre dc = simulators.bean(SimulatedDataCentre.class);
      for (int i = 0; i < rebootHosts.size(); i++) {
        dc.add(rebootHosts.get(i), SimulatedServer.Role.AGENT, SimulatedDataCentre.ZONES.get(i % 3), "release-testing", "ACTIVE");
      }
      trustAtStart(simulators.bean(SimulatedHosts.class), rebootHosts);
      Path empty = data.resolve("empty/runbooks");
      try (EngineUnderTest engine = EngineUnderTest.start("bench-footprint-1", simulators, empty, List.of())) {
        freshStart.add(engine.startToReady().toMillis() / 1000.0);
        idleRss.add(idle(engine));
        stop(engine);
      }
      emptyBytes = compactedSize(empty);
      rowsEmpty = topRows(8);

      Path full = data.resolve("full/runbooks");
      try (EngineUnderTest engine = EngineUnderTest.start("bench-footprint-2", simulators, full, List.of())) {
        freshStart.add(engine.startToReady().toMillis() / 1000.0);
        idleRss.add(idle(engine));
        EngineClient op1 = engine.operator1();
        for (int done = 0; done < completed; done += hostsPerRound) {
          int round = Math.min(hostsPerRound, completed - done);
          ResumeLatencyBenchmark.startAll(round, i -> op1.start("reboot-server",
              Map.of("hostname", rebootHosts.get(i), "reason", "benchmark: footprint")));
          awaitCount(op1, "/history/process-instance/count?processDefinitionKey=reboot-server&completed=true", done + round,
              Duration.ofMinutes(5));
        }
        finishedBefore = count(op1, "/history/process-instance/count?finished=true");
        stop(engine);
      }
      completedBytes = compactedSize(full);
      rowsCompleted = topRows(8);

      try (EngineUnderTest engine = EngineUnderTest.start("bench-footprint-3", simulators, full, List.of())) {
        restart.add(engine.startToReady().toMillis() / 1000.0);
        EngineClient admin = engine.admin();
        String now = ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(1).format(REST_DATE);
        admin.post("/history/process-instance/set-removal-time", Map.of(
            "absoluteRemovalTime", now, "hierarchical", true,
            "historicProcessInstanceQuery", Map.of("finished", true)));
        awaitCount(admin, "/batch/count", 0, Duration.ofMinutes(3));
        admin.post("/history/cleanup?immediatelyDue=true", Map.of());
        // The cleanup job deletes a batch per table and round, instance rows first: wait for all of it.
        awaitCount(admin, "/history/process-instance/count?finished=true", 0, Duration.ofMinutes(5));
        awaitCount(admin, "/history/activity-instance/count", 0, Duration.ofMinutes(5));
        awaitCount(admin, "/history/variable-instance/count", 0, Duration.ofMinutes(5));
        awaitCount(admin, "/history/detail/count", 0, Duration.ofMinutes(5));
        // Those counts reached 0 while the cleanup still had rows to delete (a run stopped here left
        // 3,550 activity instances in the file): wait until a cleanup run found nothing, which
        // Camunda answers by suspending the cleanup job (or moving its due date ahead).
        awaitCleanupIdle(admin, Duration.ofMinutes(5));
        finishedAfter = count(admin, "/history/process-instance/count?finished=true");
        stop(engine);
      }
      cleanedBytes = compactedSize(full);
      rowsCleaned = topRows(8);

      try (EngineUnderTest engine = EngineUnderTest.start("bench-footprint-4", simulators, full, List.of())) {
        restart.add(engine.startToReady().toMillis() / 1000.0);
        EngineClient op1 = engine.operator1();
        ResumeLatencyBenchmark.startAll(active, i -> op1.start("rebuild-agent",
            Map.of("hostname", taskHosts.get(i % taskHosts.size()), "reason", "benchmark: footprint")));
        awaitCount(op1, "/task/count?processDefinitionKey=rebuild-agent&taskDefinitionKey=user_task_discuss_with_colleagues",
            active, Duration.ofMinutes(3));
        activeRss = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          pause(Duration.ofSeconds(1));
          activeRss.add(engine.rssMiB());
        }
      }
    }

    double perThousand = (completedBytes - emptyBytes) * 1000.0 / completed / (1024 * 1024);
    assertThat(completedBytes).as("a database holding %d finished runbooks is larger than an empty one", completed).isGreaterThan(emptyBytes);
    assertThat(finishedAfter).as("history cleanup removed every finished instance").isZero();
    Stats fresh = Stats.of(freshStart);
    Stats again = Stats.of(restart);
    Stats idle = Stats.of(idleRss);
    Stats busy = Stats.of(activeRss);
    new BenchmarkFragment(ID, 6, "Footprint")
        .seconds((System.nanoTime() - began) / 1e9)
        .method(String.format(Locale.ROOT,
            "The packaged jar as a child JVM, java -jar with -Xmx512m and the JVM's defaults otherwise (as production "
                + "runs it; e2e/process/EngineProcess), sandbox profile, file H2, simulators in the benchmark's JVM. Ready = first HTTP "
                + "200 of /actuator/health/readiness after the launch. RSS = VmRSS of /proc/<pid>/status: idle 5 s after "
                + "ready; active = %d rebuild-agent runbooks at their discussion task (5 samples, 1 s apart). Database = "
                + "the H2 file after SIGTERM and SHUTDOWN COMPACT: empty (schema, deployments, users), after %d complete "
                + "reboot-server runbooks (each with its verify-host: %d finished process instances, full history, "
                + "puppet output kept), and after history cleanup: every finished instance's removal time set to now "
                + "(POST /history/process-instance/set-removal-time, as a time-to-live of 0 would) and "
                + "POST /history/cleanup. Per 1,000 = (after − empty) × 1000 / %d.",
            active, completed, finishedBefore, completed))
        .table("Start-up and memory (median (min–max))", List.of("what", "value"), List.of(
            List.of("fresh database: launch → ready (s)", fresh.format(1)),
            List.of("restart on the same database: launch → ready (s)", again.format(1)),
            List.of("RSS idle (MiB)", idle.format(0)),
            List.of("RSS with " + active + " active runbooks (MiB)", busy.format(0))))
        .table("Database size (H2 file, compacted)", List.of("what", "MiB"), List.of(
            List.of("empty", mib(emptyBytes)),
            List.of("after " + completed + " complete reboot-server runbooks", mib(completedBytes)),
            List.of("per 1,000 complete runbooks (full history)", String.format(Locale.ROOT, "%.1f", perThousand)),
            List.of("after history cleanup (removal time reached)", mib(cleanedBytes))))
        .table("Largest tables (rows)", List.of("database", "tables"), List.of(
            List.of("empty", rowsEmpty),
            List.of("after " + completed + " runbooks", rowsCompleted),
            List.of("after history cleanup", rowsCleaned)))
        .target("history cleanup (time-to-live) bounds the database", "every finished runbook's history removed; size back near empty",
            mib(completedBytes) + " → " + mib(cleanedBytes) + " MiB (empty " + mib(emptyBytes) + "); " + finishedAfter
                + " finished instances left",
            finishedAfter == 0 && cleanedBytes - emptyBytes <= (completedBytes - emptyBytes) / 2,
            "left after cleanup: " + rowsCleaned)
        .write();
  }

  /**
   * Puts the added hosts' keys in the sandbox's known_hosts, as if they had been there when the
   * sandbox started (it lists only the seeded machines): reboot-server's verify-host then trusts
   * them as it trusts alibuild01..12, instead of asking an operator about an unknown key.
   */
  private static void trustAtStart(SimulatedHosts hosts, List<String> names) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String name : names) {
      lines.add("[127.0.0.1]:" + hosts.port(name) + " " + PublicKeyEntry.toString(hosts.hostKey(name)));
    }
    Files.write(hosts.knownHostsFile(), lines, StandardOpenOption.APPEND);
  }

  private static double idle(EngineUnderTest engine) {
    pause(Duration.ofSeconds(5));
    return engine.rssMiB();
  }

  /** SIGTERM, the graceful way: H2 closes the file. */
  private static void stop(EngineUnderTest engine) {
    engine.process().terminate(Duration.ofSeconds(90));
  }

  /** Rows per table of the last database compacted, most first (what is left after cleanup). */
  private final Map<String, Long> rows = new java.util.LinkedHashMap<>();

  /** Compacts the H2 file (no engine runs on it) and returns its size in bytes; counts its rows first. */
  private long compactedSize(Path database) throws SQLException, IOException {
    rows.clear();
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + database.toAbsolutePath(), "sa", "");
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (var r = s.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      Map<String, Long> counts = new java.util.HashMap<>();
      for (String table : tables) {
        try (var r = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
          r.next();
          counts.put(table, r.getLong(1));
        }
      }
      counts.entrySet().stream().filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e -> rows.put(e.getKey(), e.getValue()));
      s.execute("SHUTDOWN COMPACT");
    }
    return Files.size(Path.of(database.toAbsolutePath() + ".mv.db"));
  }

  private String topRows(int n) {
    return rows.entrySet().stream().limit(n).map(e -> e.getKey() + " " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }

  /**
   * Every history cleanup job's last run deleted nothing: a run that deleted rows makes the job due
   * again at once; one that found nothing suspends it (no batch window configured, as here) or,
   * within a batch window, delays it by 10 s, doubling.
   */
  private static void awaitCleanupIdle(EngineClient client, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Instant soon = Instant.now().plusSeconds(5);
      JsonNode jobs = client.get("/history/cleanup/jobs");
      boolean idle = jobs.size() > 0;
      for (JsonNode job : jobs) {
        idle &= job.path("suspended").asBoolean()
            || !job.path("dueDate").isNull() && FleetEfficiencyBenchmark.instant(job.path("dueDate").asText()).isAfter(soon);
      }
      if (idle) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("history cleanup still had work after " + within + ": " + jobs);
      }
      pause(Duration.ofSeconds(1));
    }
  }

  private static long count(EngineClient client, String path) {
    return client.get(path).get("count").asLong();
  }

  private static void awaitCount(EngineClient client, String path, long expected, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    long now;
    while ((now = count(client, path)) != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " is " + now + ", not " + expected + ", after " + within
            + "; incidents " + client.get("/incident/count").get("count"));
      }
      pause(Duration.ofMillis(500));
    }
  }
}
