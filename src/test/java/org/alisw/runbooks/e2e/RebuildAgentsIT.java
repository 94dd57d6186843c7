package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.openstack.SimulatedNova;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * rebuild-agents over /engine-rest as two operators against the sandbox: twelve agents of its own
 * (alibuild701..712, created here), k = 3, one whose puppet never converges and one running an
 * important Mesos task. Every host ends in the outcome table; neither the engine nor simulated Nova
 * ever saw more than three hosts (rebuilds) in flight.
 */
@SandboxTest
class RebuildAgentsIT {

  private static final String PROJECT = "release-testing";
  private static final List<String> HOSTS = IntStream.rangeClosed(701, 712).mapToObj(i -> "alibuild" + i).toList();
  private static final String PUPPET_BROKEN = "alibuild705";
  private static final String IMPORTANT_TASKS = "alibuild709";

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;
  @Autowired SimulatedMesos mesos;
  @Autowired HistoryService history;
  @Autowired RuntimeService runtime;

  private final ObjectMapper json = new ObjectMapper();

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private EngineRest operator2() {
    return new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
  }

  @Test
  void rebuildsTwelveAgentsNeverMoreThanThreeAtOnceAndReportsTheTwoThatFail() throws Exception {
    for (int i = 0; i < HOSTS.size(); i++) {
      if (dataCentre.server(HOSTS.get(i)).isPresent()) {
        continue; // a sandbox world kept from an earlier run
      }
      dataCentre.add(HOSTS.get(i), SimulatedServer.Role.AGENT, SimulatedDataCentre.ZONES.get(i % 3), PROJECT, "ACTIVE");
    }
    dataCentre.server(PUPPET_BROKEN).orElseThrow().failNextPuppetRuns(20); // more than the sandbox's 3 runs
    String auroraTask = mesos.runTask(IMPORTANT_TASKS, SimulatedMesos.AURORA, "alibuild/prod/fleet-it-build");
    List<String> instances = new ArrayList<>();
    try {
      rebuildTheTwelve(instances);
    } finally {
      // The shared sandbox as other tests expect it: nothing of this fleet left running, no broken puppet, no task.
      instances.forEach(i -> runtime.deleteProcessInstanceIfExists(i, "RebuildAgentsIT over", true, true, true, false));
      dataCentre.server(PUPPET_BROKEN).ifPresent(s -> s.failNextPuppetRuns(0));
      mesos.finishTask(auroraTask);
    }
  }

  private void rebuildTheTwelve(List<String> instances) throws Exception {
    // An unknown name is refused over REST, named, before anything starts. (Retried while the start
    // check's first OpenStack login is slower than its budget on a loaded machine: a 503, not a 400.)
    long before = history.createHistoricProcessInstanceQuery().processDefinitionKey("rebuild-agents").count();
    List<JsonNode> refusal = new ArrayList<>();
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      ResponseEntity<JsonNode> unknown = operator1().submitStartForm("rebuild-agents",
          Map.of("hosts", "alibuild701, alibuild799", "reason", "RebuildAgentsIT", "parallelism", "3"));
      refusal.add(unknown.getBody());
      return unknown.getStatusCode() == HttpStatus.BAD_REQUEST;
    });
    assertThat(refusal.get(refusal.size() - 1).get("message").asText()).contains("No server named alibuild799 in OpenStack project release-testing");
    assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey("rebuild-agents").count()).isEqualTo(before);

    ResponseEntity<JsonNode> started = operator1().submitStartForm("rebuild-agents",
        Map.of("hosts", String.join("\n", HOSTS), "reason", "new CC7 image (RebuildAgentsIT)", "parallelism", "3", "project", PROJECT));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String instance = started.getBody().get("id").asText();
    instances.add(instance);

    complete(operator2(), awaitTask(instance, "user_task_discuss_with_colleagues"), Map.of("discussionOutcome", "go", "discussionNotes", "agreed"));
    String approval = awaitTask(instance, "user_task_approve_rebuilds");
    assertThat(variable(instance, "plan").asText()).contains("\"fleetHosts\" : \"" + String.join(",", HOSTS) + "\"", "\"parallelism\" : 3");
    ResponseEntity<JsonNode> own = complete(operator1(), approval, Map.of("approvalDecision", "approve", "approvalNotes", "mine"));
    assertThat(own.getBody().get("message").asText()).contains("Four-eyes");
    ResponseEntity<JsonNode> approved = complete(operator2(), approval, Map.of("approvalDecision", "approve", "approvalNotes", "ok"));
    assertThat(approved.getStatusCode().is2xxSuccessful()).as("%s", approved.getBody()).isTrue();

    // Both failed hosts reach their report tasks; the ten others are rebuilt meanwhile.
    await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2))
        .until(() -> HOSTS.stream().allMatch(h -> variable(instance, "fleetOutcome_" + h) != null));
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    for (String host : HOSTS) {
      rows.put(host, json.readTree(variable(instance, "fleetOutcome_" + host).asText()));
    }
    HOSTS.stream().filter(h -> !h.equals(PUPPET_BROKEN) && !h.equals(IMPORTANT_TASKS)).forEach(h -> {
      assertThat(rows.get(h).get("result").asText()).as(h).isEqualTo("rebuilt");
      assertThat(rows.get(h).get("puppetAttempts").asInt()).as(h).isEqualTo(2); // the sandbox fails one run after an install
      assertThat(rows.get(h).get("durationSeconds").asLong()).as(h).isPositive();
    });
    assertThat(rows.get(PUPPET_BROKEN).get("result").asText()).isEqualTo("not-verified");
    assertThat(rows.get(PUPPET_BROKEN).get("puppetAttempts").asInt()).isEqualTo(3);
    assertThat(rows.get(PUPPET_BROKEN).get("detail").asText()).contains("Report the puppet errors");
    assertThat(rows.get(IMPORTANT_TASKS).get("result").asText()).isEqualTo("skipped-important-tasks");
    assertThat(rows.get(IMPORTANT_TASKS).get("detail").asText()).contains("fleet-it-build");

    // At most three in flight: in the engine (the per-host runbooks) and as Nova saw the rebuilds.
    List<HistoricProcessInstance> perHost = history.createHistoricProcessInstanceQuery().superProcessInstanceId(instance).list();
    assertThat(perHost).hasSize(12);
    List<Instant[]> engineIntervals = new ArrayList<>();
    perHost.forEach(p -> engineIntervals.add(new Instant[] {p.getStartTime().toInstant(),
        p.getEndTime() == null ? Instant.MAX : p.getEndTime().toInstant()}));
    assertThat(mostAtOnce(engineIntervals)).as("hosts in flight in the engine").isEqualTo(3);
    SimulatedNova nova = openStack.nova();
    Duration rebuild = dataCentre.timings().rebuild();
    List<Instant[]> rebuilds = new ArrayList<>();
    for (String host : HOSTS) {
      String serverId = dataCentre.server(host).orElseThrow().id();
      nova.actions(serverId).stream().filter(a -> a.action().equals("rebuild"))
          .forEach(a -> rebuilds.add(new Instant[] {a.startTime(), a.startTime().plus(rebuild)}));
    }
    assertThat(rebuilds).as("rebuilds Nova received").hasSize(11); // all but the host running an important task
    assertThat(mostAtOnce(rebuilds)).as("rebuilds in flight in Nova").isBetween(1, 3);

    // Two reports, then the outcome table.
    Map<String, String> reports = new HashMap<>();
    for (JsonNode task : operator1().get("/task?processInstanceId=" + instance + "&taskDefinitionKey=user_task_report_host_failure").getBody()) {
      JsonNode local = operator1().get("/execution/" + task.get("executionId").asText() + "/localVariables").getBody();
      reports.put(local.get("reportHost").get("value").asText(), task.get("id").asText());
    }
    assertThat(reports).containsOnlyKeys(PUPPET_BROKEN, IMPORTANT_TASKS);
    for (String taskId : reports.values()) {
      assertThat(complete(operator1(), taskId, Map.of("reportNotes", "reported in the build ticket")).getStatusCode().is2xxSuccessful()).isTrue();
    }
    String outcomes = awaitTask(instance, "user_task_read_outcomes");
    assertThat(variable(instance, "fleetSummary").asText()).isEqualTo("12 hosts: 10 rebuilt, 1 not-verified, 1 skipped-important-tasks");
    assertThat(variable(instance, "fleetOutcomeTable").asText()).contains("alibuild712  rebuilt");
    assertThat(complete(operator1(), outcomes, Map.of()).getStatusCode().is2xxSuccessful()).isTrue();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> "COMPLETED".equals(operator1().get("/history/process-instance/" + instance).getBody().get("state").asText()));
  }

  /** The largest number of intervals [start, end) covering one instant. */
  private static int mostAtOnce(List<Instant[]> intervals) {
    List<Object[]> edges = new ArrayList<>();
    intervals.forEach(i -> {
      edges.add(new Object[] {i[0], 1});
      edges.add(new Object[] {i[1], -1});
    });
    edges.sort((a, b) -> {
      int byTime = ((Instant) a[0]).compareTo((Instant) b[0]);
      return byTime != 0 ? byTime : Integer.compare((int) a[1], (int) b[1]); // an end before a start at the same instant
    });
    int now = 0;
    int most = 0;
    for (Object[] edge : edges) {
      now += (int) edge[1];
      most = Math.max(most, now);
    }
    return most;
  }

  private String awaitTask(String instance, String taskKey) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> taskOf(instance, taskKey) != null);
    return taskOf(instance, taskKey);
  }

  private String taskOf(String instance, String taskKey) {
    for (JsonNode task : operator1().get("/task?processInstanceId=" + instance + "&taskDefinitionKey=" + taskKey).getBody()) {
      return task.get("id").asText();
    }
    return null;
  }

  private static ResponseEntity<JsonNode> complete(EngineRest operator, String taskId, Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((k, v) -> typed.put(k, Map.of("value", v, "type", "String")));
    return operator.post("/task/" + taskId + "/complete", Map.of("variables", typed));
  }

  private JsonNode variable(String instance, String name) {
    JsonNode values = operator1().get("/history/variable-instance?processInstanceId=" + instance + "&variableName=" + name).getBody();
    return values == null || values.isEmpty() ? null : values.get(0).get("value");
  }
}
