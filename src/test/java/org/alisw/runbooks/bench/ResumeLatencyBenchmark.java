package org.alisw.runbooks.bench;

import static org.alisw.runbooks.bench.FleetEfficiencyBenchmark.pause;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.Simulators;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, measurement 5: 200 runbooks waiting in an engine JVM on a file H2, half of them in a
 * timer loop (reboot-server polling a server that stays in HARD_REBOOT for an hour), half at a
 * user task (rebuild-agent at its discussion); SIGKILL; a start on the same data; the time from
 * ready (the readiness endpoint's first 200) until every job that was due then has run: the jobs
 * of the job table whose due date was not after that moment (timers overdue since the kill,
 * continuations) are gone from it, or failed (counted, and the benchmark fails).
 *
 * <p>System properties: {@code bench.resume.runbooks} (200, half and half),
 * {@code bench.resume.repetitions} (3 kills), {@code bench.resume.poll} (PT10S, the loops' poll).
 */
class ResumeLatencyBenchmark {

  static final String ID = "resume-latency";

  @TempDir Path data;

  @Test
  void everyDueJobRunsAgainSoonAfterARestartFromSigkill() throws Exception {
    long began = System.nanoTime();
    int runbooks = Integer.getInteger("bench.resume.runbooks", 200);
    int repetitions = Integer.getInteger("bench.resume.repetitions", 3);
    String poll = System.getProperty("bench.resume.poll", "PT10S");
    int loops = runbooks / 2;
    int waiting = runbooks - loops;
    List<String> loopHosts = IntStream.rangeClosed(1, loops).mapToObj(i -> "alibuild" + (9000 + i)).toList();
    List<String> taskHosts = List.of("alibuild04", "alibuild05", "alibuild06", "alibuild07", "alibuild08");
    List<String> engineArgs = List.of(
        "--runbooks.timings.status-poll-interval=" + poll,
        "--runbooks.timings.reboot-timeout=PT2H");

    List<Double> resume = new ArrayList<>();
    List<Double> restartToReady = new ArrayList<>();
    List<Double> dueAtReady = new ArrayList<>();
    List<Double> overdueAtKill = new ArrayList<>();
    List<Double> lastOverdueAfterLaunch = new ArrayList<>();
    List<Double> lastOverdueAfterReady = new ArrayList<>();
    try (Simulators simulators = Simulators.start(data.resolve("simulators"), "--runbooks.sandbox.timings.hard-reboot=PT2H")) {
      SimulatedDataCentre dc = simulators.bean(SimulatedDataCentre.class);
      for (int i = 0; i < loopHosts.size(); i++) {
        dc.add(loopHosts.get(i), SimulatedServer.Role.AGENT, SimulatedDataCentre.ZONES.get(i % 3), "release-testing", "ACTIVE");
      }
      Path database = data.resolve("db/runbooks");
      EngineUnderTest engine = EngineUnderTest.start("bench-resume-0", simulators, database, engineArgs);
      try {
        EngineClient op1 = engine.operator1();
        startAll(loopHosts.size(), i -> op1.start("reboot-server",
            Map.of("hostname", loopHosts.get(i), "reason", "benchmark: resume latency")));
        startAll(waiting, i -> op1.start("rebuild-agent",
            Map.of("hostname", taskHosts.get(i % taskHosts.size()), "reason", "benchmark: resume latency")));
        awaitWaiting(op1, loops, waiting);
        for (int r = 1; r <= repetitions; r++) {
          // H2 writes a commit to the file about a second later (CrashRecoverySlowIT): let the last land.
          pause(Duration.ofSeconds(3));
          JsonNode jobsAtKill = engine.admin().get("/job?maxResults=100000");
          engine.process().kill();
          Instant killedAt = Instant.now();
          engine.close();
          long killed = System.nanoTime();
          engine = EngineUnderTest.start("bench-resume-" + r, simulators, database, engineArgs);
          restartToReady.add(engine.startToReady().toMillis() / 1000.0);
          Instant readyAt = Instant.now().minusNanos(System.nanoTime() - engine.readyAtNanos());
          EngineClient admin = engine.admin();
          List<String> due = new ArrayList<>();
          for (JsonNode job : admin.get("/job?maxResults=100000")) {
            JsonNode dueDate = job.get("dueDate");
            if (dueDate == null || dueDate.isNull() || !FleetEfficiencyBenchmark.instant(dueDate.asText()).isAfter(readyAt)) {
              due.add(job.get("id").asText());
            }
          }
          dueAtReady.add((double) due.size());
          long drained = awaitDrained(admin, due, Duration.ofMinutes(2));
          resume.add((drained - engine.readyAtNanos()) / 1e9);
          // The jobs of the killed engine that were overdue by ready: when did the last of them run?
          Instant launchedAt = readyAt.minus(engine.startToReady());
          Instant lastRun = null;
          int overdue = 0;
          for (JsonNode job : jobsAtKill) {
            JsonNode dueDate = job.get("dueDate");
            if (dueDate != null && !dueDate.isNull() && FleetEfficiencyBenchmark.instant(dueDate.asText()).isAfter(readyAt)) {
              continue;
            }
            for (JsonNode log : admin.get("/history/job-log?successLog=true&jobId=" + job.get("id").asText())) {
              Instant ran = FleetEfficiencyBenchmark.instant(log.get("timestamp").asText());
              if (ran.isAfter(killedAt)) {
                overdue++;
                lastRun = lastRun == null || ran.isAfter(lastRun) ? ran : lastRun;
              }
            }
          }
          overdueAtKill.add((double) overdue);
          if (lastRun != null) {
            lastOverdueAfterLaunch.add(Duration.between(launchedAt, lastRun).toMillis() / 1000.0);
            lastOverdueAfterReady.add(Duration.between(readyAt, lastRun).toMillis() / 1000.0);
          }
          System.out.printf("resume %d: down %.1f s, ready → due jobs run %.2f s (%d due at ready)%n", r,
              (engine.readyAtNanos() - killed) / 1e9, resume.get(resume.size() - 1), due.size());
          awaitWaiting(engine.operator1(), loops, waiting);
        }
      } finally {
        engine.close();
      }
    }

    Stats latency = Stats.of(resume);
    new BenchmarkFragment(ID, 5, "Resume latency after SIGKILL")
        .seconds((System.nanoTime() - began) / 1e9)
        .method(String.format(Locale.ROOT,
            "%d runbooks in the packaged engine as a child JVM (java -jar with -Xmx512m, the JVM's defaults otherwise) on a file H2, simulators in the "
                + "benchmark's JVM: %d reboot-server in their wait-for-ACTIVE timer loop (poll %s; the simulated server stays "
                + "in HARD_REBOOT for 2 h) and %d rebuild-agent at their discussion task. SIGKILL %d times, each time started "
                + "again on the same data (3 s after the last commit: H2 writes commits to its file about a second late). "
                + "Ready = first HTTP 200 of /actuator/health/readiness. Due = in the job table with a due date not after "
                + "that moment (every loop's timer is overdue after the downtime), or none (a continuation); run = gone from "
                + "the job table, polled every 100 ms over REST; a due job that failed fails the benchmark. The job executor starts "
                + "with the engine, before the web server is ready, so most overdue jobs run before ready: the table also "
                + "gives, from the history's job log, when the last job of the killed engine that was overdue by ready ran.",
            runbooks, loops, poll, waiting, repetitions))
        .table("From ready to every due job run again (median (min–max) over the kills)",
            List.of("what", "value"),
            List.of(
                List.of("ready → every job due at ready has run (s)", latency.format(2)),
                List.of("launch after SIGKILL → ready (s)", Stats.of(restartToReady).format(1)),
                List.of("jobs due at ready, not yet run", Stats.of(dueAtReady).format(0)),
                List.of("jobs of the killed engine overdue by ready, run after the restart", Stats.of(overdueAtKill).format(0)),
                List.of("launch → the last of those ran (s)", orNone(lastOverdueAfterLaunch, 1)),
                List.of("ready → the last of those ran (s; negative: before ready)", orNone(lastOverdueAfterReady, 2))))
        .target("ready → every due job has run again", "≤ 10 s", latency.format(2), latency.max() <= 10,
            latency.max() <= 10
                ? "the job executor acquires the overdue timers at start (node-id releases the dead run's locks at once)"
                : "the job executor's acquisition and thread pool bound how fast overdue timers run; see the table")
        .write();
    assertThat(resume).as("every due job ran again").hasSize(repetitions);
  }

  private static String orNone(List<Double> samples, int decimals) {
    return samples.isEmpty() ? "none ran" : Stats.of(samples).format(decimals);
  }

  /** Starts {@code count} runbooks from 4 client threads (a loaded engine answers a start in ~0.1-1 s). */
  static void startAll(int count, java.util.function.IntFunction<String> start) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> started = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        started.add(clients.submit(() -> start.apply(n)));
      }
      for (Future<String> f : started) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  /** Until {@code loops} reboot-server wait in their timer and {@code waiting} discussion tasks are open. */
  private static void awaitWaiting(EngineClient client, int loops, int waiting) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      int timers = client.get("/job/count?timers=true&activityId=timer_wait_active").get("count").asInt();
      int tasks = client.get("/task/count?processDefinitionKey=rebuild-agent&taskDefinitionKey=user_task_discuss_with_colleagues")
          .get("count").asInt();
      if (timers >= loops && tasks >= waiting) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not all waiting: " + timers + "/" + loops + " loop timers, " + tasks + "/" + waiting
            + " discussion tasks; incidents " + client.get("/incident/count").get("count"));
      }
      pause(Duration.ofMillis(500));
    }
  }

  /** Polls the job table until none of {@code jobs} is left unfailed; returns System.nanoTime() then. */
  private static long awaitDrained(EngineClient client, List<String> jobs, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long now = System.nanoTime();
      int open = 0;
      List<String> failed = new ArrayList<>();
      if (!jobs.isEmpty()) {
        for (JsonNode job : client.post("/job", Map.of("jobIds", jobs))) {
          JsonNode exception = job.get("exceptionMessage");
          if (exception != null && !exception.isNull()) {
            failed.add(job.get("id").asText() + ": " + exception.asText());
          } else {
            open++;
          }
        }
      }
      if (open == 0) {
        assertThat(failed).as("due jobs that failed after the restart").isEmpty();
        return now;
      }
      if (now > deadline) {
        throw new AssertionError(open + " of " + jobs.size() + " due jobs still not run " + within + " after ready");
      }
      pause(Duration.ofMillis(100));
    }
  }
}
