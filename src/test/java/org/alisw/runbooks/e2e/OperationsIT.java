package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alisw.runbooks.ops.metrics.RunbookGauges;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.Faults;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Actuator health and Prometheus metrics of the whole application: anonymous probes for a load
 * balancer without details, the infrastructure group for an operator, and the runbook meters after
 * a real verify-host run in the sandbox. Host {@code alibuild61} is this class's own.
 */
@SandboxTest
class OperationsIT {

  private static final String HOST = "alibuild61";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;
  @Autowired RunbookGauges gauges;
  @Autowired RuntimeService runtime;
  @Autowired IdentityService identity;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private ResponseEntity<String> anonymous(String path) {
    return rest.getForEntity(path, String.class);
  }

  private ResponseEntity<String> as(String user, String password, String path) {
    return rest.withBasicAuth(user, password).getForEntity(path, String.class);
  }

  private JsonNode operatorHealth(String path) throws Exception {
    ResponseEntity<String> answer = as("operator1", SandboxTest.OPERATOR1_PASSWORD, path);
    return JSON.readTree(answer.getBody());
  }

  @Test
  void probesAnswerALoadBalancerWithoutCredentialsAndWithoutDetails() throws Exception {
    for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health"}) {
      ResponseEntity<String> answer = anonymous(probe);
      JsonNode body = JSON.readTree(answer.getBody());
      assertThat(body.get("status").asText()).as(probe + ": %s", answer.getBody()).isIn("UP", "DOWN");
      assertThat(body.has("components")).as(probe + " shows no components anonymously").isFalse();
      assertThat(body.has("details")).isFalse();
    }
    assertThat(anonymous("/actuator/health/liveness").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(anonymous("/actuator/health/readiness").getStatusCode()).isEqualTo(HttpStatus.OK);

    JsonNode readiness = operatorHealth("/actuator/health/readiness");
    assertThat(readiness.get("components").properties()).extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("readinessState", "db", "processEngine");
  }

  @Test
  void prometheusAndTheInfrastructureGroupNeedAnOperator() {
    assertThat(anonymous("/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(anonymous("/actuator/health/infrastructure").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    // Not a real user: a wrong password for operator1 would make the engine throttle its next logins,
    // and other classes on this shared context log in as operator1.
    assertThat(as("nobody", "wrong", "/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    String outsider = "operations-it-outsider";
    User user = identity.newUser(outsider);
    user.setPassword("outsider-e2e-secret");
    identity.saveUser(user);
    try {
      assertThat(as(outsider, "outsider-e2e-secret", "/actuator/prometheus").getStatusCode())
          .as("an engine user outside the operators and admin groups").isEqualTo(HttpStatus.FORBIDDEN);
    } finally {
      identity.deleteUser(outsider);
    }
    ResponseEntity<String> scrape = as("operator1", SandboxTest.OPERATOR1_PASSWORD, "/actuator/prometheus");
    assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(scrape.getBody()).contains("# TYPE runbooks_tasks_waiting gauge");
  }

  @Test
  void theInfrastructureGroupShowsEverySystemUpWithoutASecret() throws Exception {
    JsonNode health = operatorHealth("/actuator/health/infrastructure");
    JsonNode components = health.get("components");

    assertThat(health.get("status").asText()).as("%s", health).isEqualTo("UP");
    assertThat(components.get("openstack").get("details").get("release-testing").asText())
        .isEqualTo("token obtained (project ALICE Release Testing)");
    assertThat(components.get("openstack").get("details").get("cloud-tests").asText()).contains("ALICE Cloud Tests");
    assertThat(components.get("foreman").get("details").get("hostgroup alibuild/mesos/slave").asText()).isEqualTo("present");
    assertThat(components.get("mesos").get("details").get("quorum").asInt()).isEqualTo(2);
    assertThat(components.get("mesos").get("details").get("leader").asText()).startsWith("alimesos0");
    assertThat(components.get("sshKnownHosts").get("details").get("trustedKeys").asInt()).isPositive();
    assertThat(health.toString())
        .doesNotContain("sandbox-only-password")
        .doesNotContain("sandbox-foreman-password")
        .doesNotContain("X-Subject-Token");
  }

  @Test
  void openStackIsDownWhileKeystoneRefusesAToken() throws Exception {
    openStack.faults().inject("keystone.tokens.create", new Faults.HttpStatus(503, "Service Unavailable (injected)"), 1);
    try {
      JsonNode health = operatorHealth("/actuator/health/infrastructure");
      JsonNode openstack = health.get("components").get("openstack");
      assertThat(openstack.get("status").asText()).as("%s", openstack).isEqualTo("DOWN");
      assertThat(health.get("status").asText()).isEqualTo("DOWN");
      assertThat(anonymous("/actuator/health/readiness").getStatusCode())
          .as("OpenStack down keeps the node in the load balancer").isEqualTo(HttpStatus.OK);
    } finally {
      openStack.faults().clear();
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(operatorHealth("/actuator/health/infrastructure").get("components").get("openstack").get("status").asText())
            .isEqualTo("UP"));
  }

  @Test
  void aVerifiedHostShowsInTheRunbookMeters() throws Exception {
    Map<String, Double> before = scrape();
    SimulatedServer server = dataCentre.add(HOST, SimulatedServer.Role.AGENT, "cern-geneva-a", "release-testing", "ACTIVE");
    try {
      dataCentre.certificateStagings().stage(HOST, "operations-it", dataCentre.now());
      server.rebuild(Duration.ofSeconds(1), dataCentre.now());
      ResponseEntity<JsonNode> started = operator1().start(
          "verify-host", Map.of("hostname", HOST, "project", "release-testing", "hostKeyChange", "new"));
      assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
      String instanceId = started.getBody().get("id").asText();
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
          assertThat(operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText()).isEqualTo("COMPLETED"));
      int runs = operator1().get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=puppetAttemptsUsed")
          .getBody().get(0).get("value").asInt();

      String preflight = operator1().start("preflight", Map.of("project", "release-testing")).getBody().get("id").asText();
      await().atMost(Duration.ofSeconds(60)).until(() -> operator1().get("/task?processInstanceId=" + preflight).getBody().size() == 1);
      gauges.refresh();
      Map<String, Double> waiting = scrape();
      runtime.deleteProcessInstance(preflight, "OperationsIT: cancelled");

      Map<String, Double> after = scrape();
      String verifyHost = "runbook=\"verify-host\"";
      assertThat(delta(before, after, "runbooks_started_total", verifyHost)).isEqualTo(1);
      assertThat(delta(before, after, "runbooks_completed_total", verifyHost, "end_event=\"end_event_host_verified\"")).isEqualTo(1);
      assertThat(delta(before, after, "runbooks_step_duration_seconds_count", verifyHost, "activity=\"service_task_run_puppet_agent\""))
          .isEqualTo(runs);
      assertThat(delta(before, after, "runbooks_step_duration_seconds_bucket", verifyHost, "activity=\"service_task_run_puppet_agent\"", "le=\"+Inf\""))
          .isEqualTo(runs);
      assertThat(delta(before, after, "runbooks_puppet_attempts_sum", verifyHost, "end_event=\"end_event_host_verified\"")).isEqualTo(runs);
      assertThat(delta(before, after, "runbooks_puppet_attempts_count", verifyHost)).isEqualTo(1);
      assertThat(value(waiting, "runbooks_tasks_waiting", "runbook=\"preflight\"")).isGreaterThanOrEqualTo(1);
      assertThat(value(waiting, "runbooks_tasks_waiting_oldest_seconds", "runbook=\"preflight\"")).isGreaterThanOrEqualTo(0);
      assertThat(value(waiting, "runbooks_incidents_open", "runbook=\"verify-host\"")).isNotNegative();
      assertThat(delta(before, after, "runbooks_failed_total", "runbook=\"preflight\"", "end_event=\"cancelled\"")).isEqualTo(1);
    } finally {
      dataCentre.delete(HOST);
      dataCentre.forget(HOST);
    }
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? ([-+0-9.eE]+|NaN|\\+Inf)$");

  /** Every sample of the scrape, keyed by name and labels as Prometheus prints them. */
  private Map<String, Double> scrape() {
    ResponseEntity<String> answer = as("operator1", SandboxTest.OPERATOR1_PASSWORD, "/actuator/prometheus");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, Double> samples = new java.util.HashMap<>();
    for (String line : answer.getBody().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3).replace("+Inf", "Infinity")));
      }
    }
    return samples;
  }

  /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
  private static double value(Map<String, Double> samples, String name, String... labels) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
        .filter(e -> java.util.Arrays.stream(labels).allMatch(l -> e.getKey().contains(l)))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name, String... labels) {
    return value(after, name, labels) - value(before, name, labels);
  }
}
