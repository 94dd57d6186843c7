package org.alisw.runbooks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.alisw.runbooks.bench.BenchEngine.Database;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.Simulators;
import org.alisw.runbooks.host.SshNagleRoundTrips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, measurement 1: the engine's overhead per step, ours against bare Camunda, on one
 * engine and one H2 database. (a) the real {@code create-agent} (with provision-vm and verify-host)
 * against zero-latency simulators, every wait at 0 s; (b) {@code bench-bare-steps}
 * (src/test/resources/bench/bare-steps.bpmn, deployed here) with as many asynchronous service
 * steps and zero-length timers as (a) had, counted from (a)'s history. Runs alternate a, b, a, b…
 * so both meet the same machine. A step is a transaction the job executor runs: a service task, a
 * call activity or a timer; ms per step = (end − start of the runbook tree) / steps.
 */
class EngineOverheadBenchmark {

  static final int RUNS = Integer.getInteger("bench.overhead.runs", 5);

  /** Every wait of create-agent's tree at 0 s: what remains is the engine's and the simulators' time. */
  static final List<String> NO_WAITS = List.of(
      "--runbooks.timings.status-poll-interval=PT0S",
      "--runbooks.lifecycle.poll-interval=PT0S",
      "--runbooks.verify-host.active-interval=PT0S",
      "--runbooks.verify-host.ping-interval=PT0S",
      "--runbooks.verify-host.ssh-interval=PT0S",
      "--runbooks.verify-host.puppet-retry-delay=PT0S");

  @TempDir Path data;

  @Test
  void createAgentAgainstBareCamunda() throws Exception {
    long began = System.nanoTime();
    List<Double> oursPerStep = new ArrayList<>();
    List<Double> barePerStep = new ArrayList<>();
    List<Double> oursPerActivity = new ArrayList<>();
    List<Double> barePerActivity = new ArrayList<>();
    Map<String, Integer> kinds = new TreeMap<>();
    Map<String, List<Double>> slowest = new TreeMap<>();
    int stepsOfA = 0;
    try (Simulators simulators = Simulators.start(data.resolve("simulators"), BenchEngine.ZERO_LATENCY);
        BenchEngine engine = BenchEngine.start("bench-overhead", simulators, data, Database.H2, List.of(), NO_WAITS)) {
      deploy(engine, Path.of("src/test/resources/bench/bare-steps.bpmn"));
      EngineClient operator = engine.operator1();
      EngineClient admin = new EngineClient(engine.process().baseUrl(), "admin", "bench-admin-secret");
      // Warm-up: one of each, not counted.
      Tree warmA = createAgent(operator, 0);
      int warmTimers = warmA.count("intermediateTimer");
      runBare(admin, warmA.asyncSteps() - warmTimers, warmTimers);
      for (int run = 1; run <= RUNS; run++) {
        Tree a = createAgent(operator, run);
        int timers = a.count("intermediateTimer");
        // The bare loop's service steps stand for (a)'s service tasks and call activities.
        Tree b = runBare(admin, a.asyncSteps() - timers, timers);
        assertThat(b.asyncSteps()).as("bare run has as many steps as create-agent").isEqualTo(a.asyncSteps());
        oursPerStep.add(a.millis / a.asyncSteps());
        barePerStep.add(b.millis / b.asyncSteps());
        oursPerActivity.add(a.millis / a.activities.size());
        barePerActivity.add(b.millis / b.activities.size());
        stepsOfA = a.asyncSteps();
        kinds.clear();
        a.activities.forEach(x -> kinds.merge(x.get("activityType").asText(), 1, Integer::sum));
        for (JsonNode x : a.activities) {
          String type = x.get("activityType").asText();
          // Leaves only: a call activity or sub-process contains the steps it is made of.
          if (x.hasNonNull("durationInMillis") && !type.equals("callActivity") && !type.equals("subProcess")) {
            slowest.computeIfAbsent(x.get("activityId").asText(), k -> new ArrayList<>())
                .add(x.get("durationInMillis").asDouble());
          }
        }
      }
    }
    // After the engine has stopped: the SSH round trips measured with the machine otherwise idle.
    Map<SshNagleRoundTrips.Variant, List<Double>> ssh = SshNagleRoundTrips.measure(SSH_ROUNDS, 5);
    Stats ours = Stats.of(oursPerStep);
    Stats bare = Stats.of(barePerStep);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < oursPerStep.size(); i++) {
      ratios.add(oursPerStep.get(i) / barePerStep.get(i));
    }
    Stats ratio = Stats.of(ratios);

    BenchmarkFragment fragment = new BenchmarkFragment("1-engine-overhead", 1, "Engine overhead per step vs bare Camunda");
    fragment.method(String.format(Locale.ROOT,
        "One engine (JVM %s, H2 file, history full), simulators with zero latency and machines that settle at once, "
            + "every poll interval and retry delay 0 s. %d runs, alternating (a) `create-agent` for a new agent "
            + "(purpose release-validation; provision-vm and verify-host inside) and (b) `bench-bare-steps` with the "
            + "same number of asynchronous steps and zero-length timers, counted from (a)'s history. Step = service "
            + "task, call activity or timer (a transaction of the job executor); activity = any historic activity "
            + "instance (gateways and events included). One warm-up run of each first.",
        String.join(" ", BenchEngine.JVM), RUNS));
    fragment.table("ms per step (median (min–max) over the runs)", List.of("process", "steps per run", "ms per step", "ms per activity"),
        List.of(
            List.of("(a) create-agent, our delegates", String.valueOf(stepsOfA), ours.format(1), Stats.of(oursPerActivity).format(1)),
            List.of("(b) bare Camunda, no-op steps", String.valueOf(stepsOfA), bare.format(1), Stats.of(barePerActivity).format(1)),
            List.of("ratio (a) / (b), per run", "", ratio.format(2), "")));
    List<List<String>> kindRows = new ArrayList<>();
    kinds.forEach((k, n) -> kindRows.add(List.of(k, String.valueOf(n))));
    fragment.table("(a)'s activity instances by kind (one run, from history)", List.of("activity type", "count"), kindRows);
    List<List<String>> slowRows = new ArrayList<>();
    slowest.entrySet().stream()
        .sorted((x, y) -> Double.compare(Stats.of(y.getValue()).median() * y.getValue().size(),
            Stats.of(x.getValue()).median() * x.getValue().size()))
        .limit(8)
        .forEach(e -> slowRows.add(List.of(e.getKey(), String.valueOf(e.getValue().size() / RUNS),
            Stats.of(e.getValue()).format(0))));
    fragment.table("Where (a) spends its time: the longest activities, call activities and sub-processes left out "
            + "(ms per activity instance, all runs)",
        List.of("activity id", "instances per run", "ms"), slowRows);
    fragment.table(sshCaption(), List.of("sockets", "ms per SSH step", "against Nagle on both sides"), sshRows(ssh));
    fragment.target("ratio per step, ours / bare", "≤ 1.3", ratio.format(2), ratio.median() <= 1.3,
        "our steps call the simulators (HTTP to OpenStack, Foreman, Roger, Certmgr; SSH for ping, hostname, puppet, "
            + "docker): the table of the longest activities shows which; bare steps call nothing");
    fragment.target("bare engine time per step on H2", "≤ 5 ms", bare.format(1), bare.median() <= 5,
        "job executor hand-over between transactions (acquisition, thread pool) and the H2 commit per step");
    if (Runbooks.coldStartNote() != null) {
      fragment.note(Runbooks.coldStartNote());
    }
    fragment.seconds((System.nanoTime() - began) / 1e9).write();
    assertThat(ours.median()).isPositive();
  }

  /** A runbook's tree from history: wall time (root end − root start) and every activity instance. */
  record Tree(double millis, List<JsonNode> activities) {
    int count(String type) {
      return (int) activities.stream().filter(a -> type.equals(a.get("activityType").asText())).count();
    }

    int asyncSteps() {
      return count("serviceTask") + count("callActivity") + count("intermediateTimer");
    }
  }

  private Tree createAgent(EngineClient operator, int run) {
    String host = String.format("alibuild%d", 800 + run);
    String id = Runbooks.startWarm(operator, "create-agent", Map.of("hostname", host, "purpose", "release-validation"));
    Runbooks.awaitCompleted(operator, List.of(id), Duration.ofMinutes(3));
    return tree(operator, id);
  }

  private Tree runBare(EngineClient admin, int steps, int timers) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("steps", Map.of("value", steps, "type", "Integer"));
    variables.put("timers", Map.of("value", timers, "type", "Integer"));
    variables.put("i", Map.of("value", 0, "type", "Integer"));
    String id = admin.post("/process-definition/key/bench-bare-steps/start", Map.of("variables", variables)).get("id").asText();
    Runbooks.awaitCompleted(admin, List.of(id), Duration.ofMinutes(3));
    return tree(admin, id);
  }

  /** Connections per variant for the SSH table (after 5 warm-up rounds). */
  static final int SSH_ROUNDS = Integer.getInteger("bench.overhead.ssh-rounds", 40);

  private static String sshCaption() {
    return "Before/after in this run: one SSH step (sshj connects, authenticates and runs one command against Apache "
        + "MINA SSHD on loopback) with Nagle's algorithm on or off per side; client TCP_NODELAY = the production "
        + "SshConnector's NoDelaySocketFactory, server TCP_NODELAY = what the sandbox's simulated hosts set (ms, median "
        + "(min–max) over " + SSH_ROUNDS + " connections per variant, variants taking turns)";
  }

  private static List<List<String>> sshRows(Map<SshNagleRoundTrips.Variant, List<Double>> ssh) {
    double nagle = Stats.of(ssh.values().iterator().next()).median();
    List<List<String>> rows = new ArrayList<>();
    ssh.forEach((variant, millis) -> {
      Stats s = Stats.of(millis);
      rows.add(List.of(variant.label(), s.format(1), String.format(Locale.ROOT, "%.2f", s.median() / nagle)));
    });
    return rows;
  }

  private static Tree tree(EngineClient client, String rootId) {
    JsonNode root = client.get("/history/process-instance/" + rootId);
    double millis = Duration.between(Runbooks.time(root, "startTime"), Runbooks.time(root, "endTime")).toMillis();
    List<JsonNode> activities = new ArrayList<>();
    for (JsonNode p : client.get("/history/process-instance?rootProcessInstanceId=" + rootId)) {
      client.get("/history/activity-instance?processInstanceId=" + p.get("id").asText()).forEach(activities::add);
    }
    return new Tree(millis, activities);
  }

  /** POST /deployment/create (multipart) as the admin: the bare process is no runbook of the app. */
  private static void deploy(BenchEngine engine, Path bpmn) throws IOException, InterruptedException {
    String boundary = "bench" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nbench-bare-steps\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"enable-duplicate-filtering\"\r\n\r\ntrue\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"bare-steps.bpmn\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n";
    body.write(head.getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(bpmn));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(engine.process().baseUrl() + "/engine-rest/deployment/create"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:bench-admin-secret".getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("deploying " + bpmn + " answered " + response.statusCode() + ": " + response.body());
    }
  }
}
