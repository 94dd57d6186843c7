package org.alisw.runbooks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.alisw.runbooks.bench.BenchEngine.Database;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.Simulators;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, measurement 3: complete {@code reboot-server} runbooks per second over REST (8 client
 * threads, zero-latency simulators) on H2 and PostgreSQL, the start call's latency, where a start
 * spends its time (JFR of the engine, request threads), and p50/p99 of one runbook's duration with
 * 10, 100 and 1,000 in flight. "before" and "after" run the same engine with the tuning switched
 * off and on ({@link #BEFORE}, {@link #AFTER}), in the same run.
 */
class ThroughputBenchmark {

  static final int THREADS = 8;
  static final int ROUND = Integer.getInteger("bench.throughput.round", 100);
  static final int ROUNDS = Integer.getInteger("bench.throughput.rounds", 3);
  static final int WARM_UP = Integer.getInteger("bench.throughput.warm-up", 40);
  static final List<Integer> IN_FLIGHT = List.of(10, 100, Integer.getInteger("bench.throughput.max-in-flight", 1000));
  /** PostgreSQL: the in-flight sizes without the largest, to keep the whole run within 15 minutes. */
  static final List<Integer> IN_FLIGHT_POSTGRES = IN_FLIGHT.subList(0, 2);
  /** Which variants run (labels as in the tables, lower case, '-' for anything else). */
  static final String VARIANTS = System.getProperty("bench.throughput.variants", "h2-before,h2-after,postgresql-after");

  /**
   * The tuning switched off: the job executor and connection pool as they were when issue 14
   * measured ≈ 9 runbooks/s (Camunda's and Hikari's defaults).
   */
  static final List<String> BEFORE = List.of(
      "--camunda.bpm.job-execution.core-pool-size=3",
      "--camunda.bpm.job-execution.max-pool-size=10",
      "--camunda.bpm.job-execution.queue-capacity=3",
      "--camunda.bpm.job-execution.max-jobs-per-acquisition=3",
      "--spring.datasource.hikari.maximum-pool-size=10");
  /** The tuning switched on: application.yaml's settings as they are. */
  static final List<String> AFTER = List.of();

  @TempDir Path data;

  @Test
  void rebootServerRunbooksPerSecond() throws Exception {
    long began = System.nanoTime();
    BenchmarkFragment fragment = new BenchmarkFragment("3-throughput", 3, "Throughput of reboot-server over REST");
    List<List<String>> rates = new ArrayList<>();
    List<List<String>> starts = new ArrayList<>();
    List<List<String>> inFlight = new ArrayList<>();
    List<List<String>> memory = new ArrayList<>();
    Map<String, Map<String, Double>> profiles = new LinkedHashMap<>();
    Map<String, Stats> rateByVariant = new LinkedHashMap<>();
    Map<String, List<CpuUse.Used>> cpuByVariant = new LinkedHashMap<>();
    // The simulators' world is not kept on disk here: writing it before every answer (the sandbox's
    // promise that what a client was told survives a restart) made the simulators' file I/O, not
    // the engine, the limit (first quiet run: 99 % of the simulators' time), and a world that grows
    // over the variants would give the later ones a slower sandbox.
    String[] simulatorArguments = java.util.stream.Stream.concat(java.util.Arrays.stream(BenchEngine.ZERO_LATENCY),
        java.util.stream.Stream.of("--" + SandboxWorld.DIRECTORY_PROPERTY + "=" + SandboxWorld.NOT_KEPT)).toArray(String[]::new);
    try (Simulators simulators = Simulators.start(data.resolve("simulators"), simulatorArguments)) {
      List<Object[]> variants = new ArrayList<>();
      variants.add(new Object[] {"H2, before", Database.H2, BEFORE, false});
      variants.add(new Object[] {"H2, after", Database.H2, AFTER, true});
      variants.add(new Object[] {"PostgreSQL, after", Database.POSTGRESQL, AFTER, true});
      for (Object[] v : variants) {
        String label = (String) v[0];
        if (!List.of(VARIANTS.split(",")).contains(slug(label))) {
          continue;
        }
        @SuppressWarnings("unchecked")
        List<String> args = (List<String>) v[2];
        boolean measureInFlight = (Boolean) v[3];
        String name = "bench-throughput-" + slug(label);
        Path jfr = Path.of("target", "benchmarks", name + ".jfr").toAbsolutePath();
        Files.createDirectories(jfr.getParent());
        List<String> jvm = List.of(
            "-XX:FlightRecorderOptions:stackdepth=256",
            "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
        Path simulatorsJfr = Path.of("target", "benchmarks", name + "-simulators.jfr").toAbsolutePath();
        jdk.jfr.Recording simulatorsRecording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        try (BenchEngine engine = BenchEngine.start(name, simulators, data, (Database) v[1], jvm, args)) {
          simulatorsRecording.start();
          long rssIdle = engine.rssMiB();
          // A cold engine's first OpenStack look-up logs in to Keystone and loads openstack4j: one
          // runbook alone first, so that the warm-up's parallel starts meet a warm engine.
          warmUp(engine);
          runRound(engine, WARM_UP);
          int failed = 0;
          List<Double> perSecond = new ArrayList<>();
          List<Double> startMs = new ArrayList<>();
          List<CpuUse.Used> cpu = new ArrayList<>();
          for (int r = 0; r < ROUNDS; r++) {
            CpuUse use = CpuUse.start(engine.process().pid());
            Round round = runRound(engine, ROUND);
            cpu.add(use.stop());
            perSecond.add(round.perSecond);
            startMs.addAll(round.startMillis);
            failed += round.failedStarts;
          }
          Stats rate = Stats.of(perSecond);
          Stats start = Stats.of(startMs);
          rateByVariant.put(label, rate);
          cpuByVariant.put(label, cpu);
          rates.add(List.of(label, rate.format(1), String.valueOf(ROUNDS), String.valueOf(ROUND), String.valueOf(failed),
              Stats.of(cpu.stream().map(u -> 100 * u.machineBusy()).toList()).format(0),
              Stats.of(cpu.stream().map(u -> 1000 * u.engineSeconds() / ROUND).toList()).format(0),
              Stats.of(cpu.stream().map(u -> 1000 * u.simulatorSeconds() / ROUND).toList()).format(0)));
          starts.add(List.of(label, fmt(start.p50()), fmt(start.p99()), fmt(start.max())));
          if (measureInFlight) {
            for (int k : v[1] == Database.H2 ? IN_FLIGHT : IN_FLIGHT_POSTGRES) {
              Round round = runRound(engine, k);
              Stats d = Stats.of(round.durations);
              inFlight.add(List.of(label, String.valueOf(k), fmt(d.p50()), fmt(d.p99()), fmt(d.max()),
                  String.format(Locale.ROOT, "%.1f", round.perSecond), String.valueOf(round.failedStarts)));
            }
          }
          long rssAfter = engine.rssMiB();
          memory.add(List.of(label, String.valueOf(rssIdle), String.valueOf(rssAfter)));
          simulatorsRecording.stop();
          simulatorsRecording.dump(simulatorsJfr);
          engine.process().terminate(Duration.ofSeconds(90)); // SIGTERM: JFR writes its recording
        } finally {
          simulatorsRecording.close();
        }
        profiles.put(label + ": engine, REST request threads",
            JfrBreakdown.of(jfr, t -> t.contains("-exec-"), Duration.ofMillis(10)));
        profiles.put(label + ": engine, job executor threads",
            JfrBreakdown.of(jfr, t -> t.startsWith("camunda") || t.contains("JobExecutor"), Duration.ofMillis(10)));
        profiles.put(label + ": simulators (the benchmark's JVM)",
            JfrBreakdown.of(simulatorsJfr, t -> !t.equals("main"), Duration.ofMillis(10)));
      }
    }

    fragment.method(String.format(Locale.ROOT,
        "Per variant a fresh engine (JVM %s, sandbox profile, simulators with zero latency and machines that "
            + "settle at once, default poll settings of the sandbox, their world kept in memory only: "
            + "runbooks.sandbox.data-directory=none), %d warm-up runbooks, then %d rounds of %d "
            + "`reboot-server` starts over `/engine-rest` from %d client threads (operator1, basic "
            + "authentication, hosts alibuild01–12 in turn); a round's rate is its count over (last end − first "
            + "start) from the engine's history. Then, on the tuned engines, %s runbooks (PostgreSQL: %s) started at once "
            + "and each one's duration (history end − start). Before = %s; after = application.yaml.",
        String.join(" ", BenchEngine.JVM), WARM_UP, ROUNDS, ROUND, THREADS, IN_FLIGHT, IN_FLIGHT_POSTGRES,
        String.join(" ", BEFORE)));
    fragment.table("Complete runbooks per second (median (min–max) over the rounds)",
        List.of("engine", "runbooks/s", "rounds", "runbooks per round", "failed starts", "machine busy (%)",
            "engine CPU per runbook (ms)", "benchmark JVM's CPU per runbook (ms; simulators and REST clients)"), rates);
    fragment.table("The start call (POST …/reboot-server/start), client side, ms over all rounds",
        List.of("engine", "p50", "p99", "max"), starts);
    fragment.table("One runbook's duration (ms) with N started at once",
        List.of("engine", "in flight", "p50", "p99", "max", "runbooks/s", "failed starts"), inFlight);
    fragment.table("Engine resident memory (MiB)", List.of("engine", "idle after start", "after all rounds"), memory);
    for (Map.Entry<String, Map<String, Double>> p : profiles.entrySet()) {
      double total = p.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
      List<List<String>> rows = new ArrayList<>();
      p.getValue().forEach((category, ms) -> rows.add(List.of(category,
          String.format(Locale.ROOT, "%.0f", ms), String.format(Locale.ROOT, "%.0f %%", 100 * ms / total))));
      fragment.table("Where the time went, " + p.getKey()
          + " (JFR: CPU samples + blocking events, whole run)", List.of("category", "ms", "share"), rows);
    }
    Stats h2 = rateByVariant.getOrDefault("H2, after", rateByVariant.get("H2, before"));
    Stats before = rateByVariant.get("H2, before");
    String tuned = rateByVariant.containsKey("H2, after") ? "H2, after" : "H2, before";
    fragment.target("complete runbooks/s on H2", "≥ 50", h2.format(1), h2.median() >= 50,
        cpuLimit(cpuByVariant.get(tuned))
            + "; the profile of the same run (" + tuned + "): start calls spent " + top(profiles.get(tuned + ": engine, REST request threads"))
            + "; steps spent " + top(profiles.get(tuned + ": engine, job executor threads"))
            + "; the simulators " + top(profiles.get(tuned + ": simulators (the benchmark's JVM)")));
    if (before != null && rateByVariant.containsKey("H2, after")) {
      fragment.note(String.format(Locale.ROOT, "Tuning: H2 after / before = %.2f× (same run).",
          h2.median() / before.median()));
    }
    if (Runbooks.coldStartNote() != null) {
      fragment.note(Runbooks.coldStartNote());
    }
    fragment.seconds((System.nanoTime() - began) / 1e9).write();
    assertThat(h2.median()).isPositive();
  }

  record Round(double perSecond, List<Double> startMillis, List<Double> durations, int failedStarts) {}

  private static Round runRound(BenchEngine engine, int count) {
    Runbooks.Started started = Runbooks.start(engine::operator1, "reboot-server", count, THREADS,
        i -> Map.of("hostname", String.format("alibuild%02d", 1 + i % 12), "reason", "benchmark"));
    if (started.ids().isEmpty()) {
      throw new AssertionError("every one of " + count + " starts failed, e.g. " + started.failures().get(0));
    }
    EngineClient client = engine.operator1();
    Runbooks.awaitCompleted(client, started.ids(), Duration.ofMinutes(5));
    List<JsonNode> history = Runbooks.history(client, started.ids());
    return new Round(Runbooks.perSecond(history), started.startMillis(), Runbooks.durationsMillis(history),
        started.failures().size());
  }

  /**
   * What the processors allow: the machine's busy share during the rounds and the CPU one runbook
   * costs the engine and the benchmark's JVM, hence the most runbooks per second the cores can do.
   */
  private static String cpuLimit(List<CpuUse.Used> rounds) {
    if (rounds == null || rounds.isEmpty()) {
      return "(no CPU figures)";
    }
    Stats busy = Stats.of(rounds.stream().map(u -> 100 * u.machineBusy()).toList());
    Stats engineMs = Stats.of(rounds.stream().map(u -> 1000 * u.engineSeconds() / ROUND).toList());
    Stats othersMs = Stats.of(rounds.stream().map(u -> 1000 * u.simulatorSeconds() / ROUND).toList());
    int cores = rounds.get(0).cores();
    return String.format(Locale.ROOT,
        "the processors: %.0f %% of the machine busy during the rounds; one runbook (reboot-server with its verify-host) "
            + "cost the engine %.0f ms of CPU and the simulators and REST clients %.0f ms, so %d cores allow at most %.1f "
            + "runbooks/s",
        busy.median(), engineMs.median(), othersMs.median(), cores, 1000.0 * cores / (engineMs.median() + othersMs.median()));
  }

  /** One runbook alone first (see {@link Runbooks#startWarm}), so the measured starts meet a warm engine. */
  private static void warmUp(BenchEngine engine) {
    EngineClient client = engine.operator1();
    String id = Runbooks.startWarm(client, "reboot-server", Map.of("hostname", "alibuild01", "reason", "benchmark warm-up"));
    Runbooks.awaitCompleted(client, List.of(id), Duration.ofMinutes(3));
  }

  /** "category (share %)" of the largest two categories of a breakdown. */
  static String top(Map<String, Double> breakdown) {
    if (breakdown == null || breakdown.isEmpty()) {
      return "(no profile)";
    }
    double total = breakdown.values().stream().mapToDouble(Double::doubleValue).sum();
    List<String> parts = new ArrayList<>();
    breakdown.entrySet().stream().limit(2).forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100 * e.getValue() / total)));
    return String.join(", ", parts);
  }

  static String slug(String label) {
    return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.0f", ms);
  }
}
