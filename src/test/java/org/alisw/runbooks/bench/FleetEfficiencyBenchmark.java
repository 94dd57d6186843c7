package org.alisw.runbooks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.Simulators;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, measurement 2: how well {@code rebuild-agents} keeps k slots busy. 100 simulated
 * agents, every OpenStack request and every SSH command {@code L} late (the simulators' latency
 * knobs), makespan against the ideal {@code ceil(hosts / k) × one host's critical path} for
 * k = 5, 10, 20. The critical path is measured in the same run: the same fleet with k = 1 on the
 * first {@code bench.fleet.k1-hosts} hosts (100 hosts one after the other would take half an hour
 * alone), each host's slot cycle from its take to the next take. The engine runs as a child JVM
 * (the packaged jar, file H2), the simulators in this JVM.
 *
 * <p>Before/after in the same run: k = 20 first on an engine as it was before the tuning, with the
 * job executor and connection pool as Camunda's Spring Boot starter and Hikari set them up ({@link
 * #STARTER_DEFAULTS}: 3 core threads, at most 10, a queue of 3, 10 connections); k = 10 on the
 * tuned job executor with rebuild-agents' hand-off as it was before (take, start and record three
 * exclusive jobs of the fleet instance: {@link #threeJobsPerHandOff}); an experiment,
 * k = 10 on the tuned job executor with rebuild-agents' take of the next host not exclusive (a copy of
 * processes/, {@link #nonExclusiveSlotJobs}); then every k on an engine as application.yaml and
 * processes/ are (24 threads, 36 connections).
 *
 * <p>System properties: {@code bench.fleet.latency-ms} (200), {@code bench.fleet.hosts} (100),
 * {@code bench.fleet.k1-hosts} (3), {@code bench.fleet.ks} (5,10,20),
 * {@code bench.fleet.repetitions} (1: one fleet of 100 per k; the makespan's min and max then
 * equal the median), {@code bench.fleet.before-ks} (20; empty: no run before the tuning),
 * {@code bench.fleet.three-jobs-ks} (10; empty: no run with the hand-off as three jobs),
 * {@code bench.fleet.non-exclusive-ks} (10; empty: no experiment with a non-exclusive take),
 * {@code bench.fleet.after-args} (space-separated engine arguments to try a tuning).
 */
class FleetEfficiencyBenchmark {

  static final String ID = "fleet-efficiency";
  private static final String PROJECT = "release-testing";

  /** The job executor as the Camunda starter's defaults are (what the engine ran with before). */
  static final List<String> STARTER_DEFAULTS = List.of(
      "--camunda.bpm.job-execution.core-pool-size=3",
      "--camunda.bpm.job-execution.max-pool-size=10",
      "--camunda.bpm.job-execution.queue-capacity=3",
      "--camunda.bpm.job-execution.max-jobs-per-acquisition=3",
      "--spring.datasource.hikari.maximum-pool-size=10");

  /**
   * Shorter waits than the sandbox's (every poll 1 s instead of 2; with the simulators' rebuild of
   * 1 s instead of 3 and no failed puppet run after it): fewer idle seconds and steps per host, so
   * that 100 hosts at k = 5 fit the time budget.
   */
  static final List<String> TIMINGS = List.of(
      "--runbooks.lifecycle.poll-interval=PT1S",
      "--runbooks.verify-host.active-interval=PT1S",
      "--runbooks.verify-host.ping-interval=PT1S",
      "--runbooks.verify-host.ssh-interval=PT1S",
      "--runbooks.verify-host.puppet-retry-delay=PT1S");

  private static List<String> engineArguments(List<String> jobExecutor) {
    List<String> args = new ArrayList<>(TIMINGS);
    args.addAll(jobExecutor);
    return args;
  }

  @TempDir Path data;

  @Test
  void makespanAgainstTheIdealForKSlots() throws Exception {
    Duration latency = Duration.ofMillis(Long.getLong("bench.fleet.latency-ms", 200));
    int hostCount = Integer.getInteger("bench.fleet.hosts", 100);
    int k1Hosts = Integer.getInteger("bench.fleet.k1-hosts", 3);
    int repetitions = Integer.getInteger("bench.fleet.repetitions", 1);
    List<Integer> beforeKs = ks("bench.fleet.before-ks", "20");
    List<Integer> threeJobsKs = ks("bench.fleet.three-jobs-ks", "10");
    List<Integer> experimentKs = ks("bench.fleet.non-exclusive-ks", "10");
    List<Integer> ks = ks("bench.fleet.ks", "5,10,20");
    List<String> hosts = IntStream.rangeClosed(1, hostCount).mapToObj(i -> String.format("alibuild%d", 8000 + i)).toList();

    long began = System.nanoTime();
    FleetReport report = new FleetReport(latency, hostCount, k1Hosts, repetitions);
    // The engine as application.yaml configures it, unless an experiment adds arguments.
    List<String> tuned = List.of(System.getProperty("bench.fleet.after-args", "").split(" ")).stream()
        .filter(a -> !a.isBlank()).toList();
    try (Simulators simulators = Simulators.start(data.resolve("simulators"), "--runbooks.sandbox.timings.rebuild=PT1S",
        "--runbooks.sandbox.ssh.puppet-failures-after-install=0")) {
      SimulatedDataCentre dc = simulators.bean(SimulatedDataCentre.class);
      for (int i = 0; i < hosts.size(); i++) {
        dc.add(hosts.get(i), SimulatedServer.Role.AGENT, SimulatedDataCentre.ZONES.get(i % 3), PROJECT, "ACTIVE");
      }
      simulators.bean(OpenStackSimulator.class).setLatency(latency);
      simulators.bean(SimulatedHosts.class).setCommandLatency(latency);

      before(report, FleetReport.UNTUNED, simulators, data.resolve("before/runbooks"), STARTER_DEFAULTS, hosts, beforeKs, repetitions);
      if (!threeJobsKs.isEmpty()) {
        List<String> threeJobs = new ArrayList<>(tuned);
        threeJobs.add("--runbooks.deployment.directory=" + threeJobsPerHandOff(data.resolve("three-jobs-processes")));
        before(report, FleetReport.THREE_JOBS, simulators, data.resolve("three-jobs/runbooks"), threeJobs, hosts, threeJobsKs,
            repetitions);
      }
      if (!experimentKs.isEmpty()) {
        List<String> nonExclusive = new ArrayList<>(tuned);
        nonExclusive.add("--runbooks.deployment.directory=" + nonExclusiveSlotJobs(data.resolve("non-exclusive-processes")));
        before(report, FleetReport.NON_EXCLUSIVE, simulators, data.resolve("non-exclusive/runbooks"), nonExclusive, hosts,
            experimentKs, repetitions);
      }
      try (EngineUnderTest engine = EngineUnderTest.start("bench-fleet", simulators, data.resolve("after/runbooks"), engineArguments(tuned))) {
        warmUp(engine, hosts);
        Fleet one = fleet(engine, hosts.subList(0, k1Hosts), 1);
        report.criticalPath(one);
        for (int k : ks) {
          for (int r = 0; r < repetitions; r++) {
            report.after(k, fleet(engine, hosts, k));
          }
        }
      }
    }
    double at10 = report.write(Path.of("docs", "img", "benchmark-fleet.png"), (System.nanoTime() - began) / 1e9);
    System.out.printf("[bench] fleet efficiency at k = 10: %.2f%n", at10);
  }

  /** The fleets of one "before" engine, on its own database; none when {@code ks} is empty. */
  private static void before(FleetReport report, String variant, Simulators simulators, Path database, List<String> arguments,
      List<String> hosts, List<Integer> ks, int repetitions) {
    if (ks.isEmpty()) {
      return;
    }
    try (EngineUnderTest engine = EngineUnderTest.start("bench-fleet-" + variant.replaceAll("\\W+", "-"), simulators, database,
        engineArguments(arguments))) {
      warmUp(engine, hosts);
      for (int k : ks) {
        for (int r = 0; r < repetitions; r++) {
          report.before(variant, k, fleet(engine, hosts, k));
        }
      }
    }
  }

  /**
   * A copy of {@code processes/} whose rebuild-agents has the slots' take of the next host (their
   * one job in the fleet instance) not exclusive: the experiment that shows why it stays exclusive.
   */
  static Path nonExclusiveSlotJobs(Path copy) throws IOException {
    return processesWithRebuildAgents(copy, bpmn -> {
      String take = "id=\"service_task_take_next_host\"";
      assertThat(bpmn).as("rebuild-agents' take").contains(take).doesNotContain("camunda:exclusive");
      return bpmn.replace(take, take + " camunda:exclusive=\"false\"");
    });
  }

  /**
   * A copy of {@code processes/} whose rebuild-agents hands a slot over as it did before commit
   * bc722e3: the start of the host's runbook and the record of its outcome are jobs of the fleet
   * instance again (asynchronous before, with the runbooks' retry cycle), so every hand-off is
   * three exclusive jobs of the one instance instead of one.
   */
  static Path threeJobsPerHandOff(Path copy) throws IOException {
    String retry = "<camunda:failedJobRetryTimeCycle>${runbooks.retryCycle}</camunda:failedJobRetryTimeCycle>";
    return processesWithRebuildAgents(copy, bpmn -> {
      String start = "<bpmn:callActivity id=\"call_activity_rebuild_host\" name=\"Rebuild this host (rebuild-agents-host)\" "
          + "calledElement=\"rebuild-agents-host\">\n        <bpmn:extensionElements>\n";
      String record = "<bpmn:serviceTask id=\"service_task_record_outcome\" ";
      String recordIncoming = "<bpmn:incoming>flow_to_record_outcome_joined</bpmn:incoming>";
      assertThat(bpmn).as("rebuild-agents' start and record, synchronous").contains(start, record, recordIncoming)
          .doesNotContain(record + "camunda:asyncBefore");
      return bpmn
          .replace(start, start.replace("calledElement", "camunda:asyncBefore=\"true\" calledElement") + "          " + retry + "\n")
          .replace(record, record + "camunda:asyncBefore=\"true\" ")
          .replace(recordIncoming, "<bpmn:extensionElements>" + retry + "</bpmn:extensionElements>" + recordIncoming);
    });
  }

  /** A copy of {@code processes/} with rebuild-agents.bpmn edited; returns the copy's absolute path. */
  private static Path processesWithRebuildAgents(Path copy, UnaryOperator<String> edit) throws IOException {
    Path processes = Path.of("processes");
    try (Stream<Path> files = Files.walk(processes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = copy.resolve(processes.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    Path bpmn = copy.resolve("rebuild-agents.bpmn");
    Files.writeString(bpmn, edit.apply(Files.readString(bpmn)));
    return copy.toAbsolutePath();
  }

  private static List<Integer> ks(String property, String defaults) {
    return List.of(System.getProperty(property, defaults).split(",")).stream()
        .map(String::trim).filter(k -> !k.isEmpty()).map(Integer::parseInt).toList();
  }

  /** One fleet of two hosts first: the first logins, the JIT, the definitions' caches. */
  private static void warmUp(EngineUnderTest engine, List<String> hosts) {
    fleet(engine, hosts.subList(hosts.size() - 2, hosts.size()), 2);
  }

  /** What one rebuild-agents run took. */
  record Fleet(int k, int hosts, Duration makespan, List<Duration> slotCycles, List<Duration> hostRunbooks, int mostInFlight,
      CpuUse.Used cpu) {}

  /**
   * Starts rebuild-agents for {@code hosts} with k slots as operator1, lets operator2 agree and
   * approve, waits for the outcome table, checks every host was rebuilt, and reads the times from
   * history: the makespan from the first take of a host to the last recorded outcome.
   */
  static Fleet fleet(EngineUnderTest engine, List<String> hosts, int k) {
    EngineClient op1 = engine.operator1();
    EngineClient op2 = engine.operator2();
    CpuUse cpu = CpuUse.start(engine.process().pid());
    JsonNode started = op1.post("/process-definition/key/rebuild-agents/submit-form", Map.of("variables", typed(Map.of(
        "hosts", String.join("\n", hosts), "reason", "benchmark: fleet efficiency, k = " + k,
        "parallelism", Integer.toString(k), "project", PROJECT))));
    String instance = started.get("id").asText();
    awaitTask(op1, instance, "user_task_discuss_with_colleagues", Duration.ofMinutes(1));
    op2.complete(instance, "user_task_discuss_with_colleagues", Map.of("discussionOutcome", "go", "discussionNotes", "benchmark"));
    awaitTask(op1, instance, "user_task_approve_rebuilds", Duration.ofMinutes(1));
    op2.complete(instance, "user_task_approve_rebuilds", Map.of("approvalDecision", "approve", "approvalNotes", "benchmark"));

    Duration within = Duration.ofMinutes(2).plus(Duration.ofSeconds(30L * hosts.size() / k));
    long deadline = System.nanoTime() + within.toNanos();
    while (!op1.taskKeys(instance).contains("user_task_read_outcomes")) {
      List<String> open = op1.taskKeys(instance);
      if (open.contains("user_task_report_host_failure")) {
        throw new AssertionError("a host failed in the k = " + k + " fleet: " + op1.variable(instance, "fleetOutcomes")
            + " incidents " + op1.incidents(instance));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the k = " + k + " fleet of " + hosts.size() + " hosts did not end within " + within
            + "; open tasks " + open + ", incidents " + op1.incidents(instance));
      }
      pause(Duration.ofSeconds(1));
    }
    CpuUse.Used used = cpu.stop();
    assertThat(op1.variable(instance, "fleetSummary").asText())
        .isEqualTo(hosts.size() + " hosts: " + hosts.size() + " rebuilt");

    List<Instant> takes = times(op1, instance, "service_task_take_next_host", "startTime");
    List<Instant> records = times(op1, instance, "service_task_record_outcome", "endTime");
    Instant first = takes.get(0);
    Instant last = records.get(records.size() - 1);
    // A slot's takes in order: with k = 1 every take but the last starts the next host's cycle.
    List<Duration> cycles = new ArrayList<>();
    if (k == 1) {
      for (int i = 0; i < hosts.size(); i++) {
        Instant end = i + 1 < hosts.size() ? takes.get(i + 1) : last;
        cycles.add(Duration.between(takes.get(i), end));
      }
    }
    List<Duration> perHost = new ArrayList<>();
    List<Instant[]> intervals = new ArrayList<>();
    for (JsonNode p : op1.get("/history/process-instance?superProcessInstanceId=" + instance + "&maxResults=1000")) {
      Instant s = instant(p.get("startTime").asText());
      Instant e = instant(p.get("endTime").asText());
      perHost.add(Duration.between(s, e));
      intervals.add(new Instant[] {s, e});
    }
    assertThat(perHost).as("one rebuild-agents-host per host").hasSize(hosts.size());
    op1.complete(instance, "user_task_read_outcomes", Map.of());
    return new Fleet(k, hosts.size(), Duration.between(first, last), cycles, perHost, mostAtOnce(intervals), used);
  }

  private static List<Instant> times(EngineClient client, String instance, String activity, String field) {
    List<Instant> times = new ArrayList<>();
    for (JsonNode a : client.get("/history/activity-instance?processInstanceId=" + instance + "&activityId=" + activity
        + "&sortBy=" + field + "&sortOrder=asc&maxResults=10000")) {
      times.add(instant(a.get(field).asText()));
    }
    times.sort(null);
    return times;
  }

  /** The engine REST API's dates: {@code 2026-12-03T12:00:00.123+0000}. */
  private static final DateTimeFormatter REST_DATE = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
      .appendFraction(ChronoField.MILLI_OF_SECOND, 0, 3, true)
      .appendPattern("xx")
      .toFormatter();

  static Instant instant(String restDate) {
    return OffsetDateTime.parse(restDate, REST_DATE).toInstant();
  }

  /** The largest number of intervals [start, end) covering one instant. */
  static int mostAtOnce(List<Instant[]> intervals) {
    List<Map.Entry<Instant, Integer>> edges = new ArrayList<>();
    intervals.forEach(i -> {
      edges.add(Map.entry(i[0], 1));
      edges.add(Map.entry(i[1], -1));
    });
    edges.sort((a, b) -> {
      int byTime = a.getKey().compareTo(b.getKey());
      return byTime != 0 ? byTime : Integer.compare(a.getValue(), b.getValue());
    });
    int now = 0;
    int most = 0;
    for (Map.Entry<Instant, Integer> edge : edges) {
      now += edge.getValue();
      most = Math.max(most, now);
    }
    return most;
  }

  static void awaitTask(EngineClient client, String instance, String taskKey, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!client.taskKeys(instance).contains(taskKey)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no task " + taskKey + " within " + within + "; incidents " + client.incidents(instance));
      }
      pause(Duration.ofMillis(300));
    }
  }

  static Map<String, Object> typed(Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    return typed;
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
