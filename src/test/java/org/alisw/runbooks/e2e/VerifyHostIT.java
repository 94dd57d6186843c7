package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * {@code verify-host} started over REST in the sandbox: real Nova console, SSH hosts with their
 * own keys, known_hosts file and puppet, operators completing its tasks over REST.
 */
@SandboxTest
class VerifyHostIT {

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;
  @Autowired SimulatedHosts hosts;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private EngineRest operator2() {
    return new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
  }

  @Test
  void trustsTheNewKeyOfARebuiltHostBecauseItsConsoleShowsIt() throws IOException {
    rebuild("alibuild02");
    String knownHostsBefore = Files.readString(hosts.knownHostsFile());

    String instanceId = start("alibuild02", "rebuilt");
    awaitEnded(instanceId);

    Map<String, JsonNode> variables = historicVariables(instanceId);
    assertThat(variables.get("hostVerified").asBoolean()).isTrue();
    assertThat(variables.get("hostKeyNewFingerprint").asText()).isEqualTo(hosts.hostKeyFingerprint("alibuild02"));
    assertThat(variables.get("hostKeyTrustedBy").asText()).startsWith("console of server ");
    assertThat(variables.get("hostKeyOldFingerprints").asText()).startsWith("SHA256:");
    // The sandbox fails the first puppet run after an installation: the loop ran it again.
    assertThat(variables.get("puppetAttemptsUsed").asInt()).isEqualTo(2);
    assertThat(variables.get("puppetExitCode").asInt()).isEqualTo(2);
    assertThat(variables.get("puppetAttempt1").asText()).contains("exit code 6 (FAILED)");
    assertThat(Files.readString(hosts.knownHostsFile())).isNotEqualTo(knownHostsBefore);
    assertThat(passed(instanceId, "end_event_host_verified")).isTrue();
  }

  @Test
  void aConsoleWithoutFingerprintsWaitsForAnOperatorWhoConfirmsTheKeyOverRest() {
    openStack.nova().hideHostKeyFingerprints("alibuild04", true);
    try {
      rebuild("alibuild04");
      String instanceId = start("alibuild04", "rebuilt");
      String taskId = awaitTask(operator2(), instanceId, "user_task_confirm_host_key");
      assertThat(historicVariables(instanceId).get("consoleFingerprints").asText()).isEmpty();

      ResponseEntity<JsonNode> completed =
          operator2().post("/task/" + taskId + "/complete", variables(Map.of(
              "decision", "trust", "confirmedFingerprint", hosts.hostKeyFingerprint("alibuild04"), "verifyNotes", "compared with the console by hand")));
      assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();

      awaitEnded(instanceId);
      Map<String, JsonNode> variables = historicVariables(instanceId);
      assertThat(variables.get("hostVerified").asBoolean()).isTrue();
      assertThat(variables.get("hostKeyTrustedBy").asText()).isEqualTo("operator operator2");
      assertThat(variables.get("hostKeyNewFingerprint").asText()).isEqualTo(hosts.hostKeyFingerprint("alibuild04"));
    } finally {
      openStack.nova().hideHostKeyFingerprints("alibuild04", false);
    }
  }

  @Test
  void aWrongFingerprintIsRefusedOverRestAndKnownHostsStaysAsItWas() throws IOException {
    // A machine of this class's own: the seeded agents are shared with the other end-to-end classes.
    if (dataCentre.server("alibuild40").isEmpty()) {
      dataCentre.add("alibuild40", SimulatedServer.Role.AGENT, "cern-geneva-a", "release-testing", "ACTIVE");
    }
    openStack.nova().hideHostKeyFingerprints("alibuild40", true);
    try {
      rebuild("alibuild40");
      String instanceId = start("alibuild40", "rebuilt");
      String taskId = awaitTask(operator2(), instanceId, "user_task_confirm_host_key");
      String knownHostsBefore = Files.readString(hosts.knownHostsFile());

      ResponseEntity<JsonNode> refused =
          operator2().post("/task/" + taskId + "/complete", variables(Map.of(
              "decision", "trust", "confirmedFingerprint", "SHA256:" + "A".repeat(43))));

      assertThat(refused.getStatusCode().isError()).isTrue();
      assertThat(refused.getBody().get("message").asText())
          .contains("is not the one the host presents (" + hosts.hostKeyFingerprint("alibuild40") + ")")
          .contains("known_hosts unchanged");
      assertThat(operator2().get("/task?processInstanceId=" + instanceId).getBody()).hasSize(1);
      assertThat(Files.readString(hosts.knownHostsFile())).isEqualTo(knownHostsBefore);

      ResponseEntity<JsonNode> gaveUp =
          operator2().post("/task/" + taskId + "/complete", variables(Map.of("decision", "give-up", "verifyNotes", "the console shows nothing, not trusting it")));
      assertThat(gaveUp.getStatusCode().is2xxSuccessful()).as("%s", gaveUp.getBody()).isTrue();
      awaitEnded(instanceId);
      assertThat(historicVariables(instanceId).get("hostVerified").asBoolean()).isFalse();
      assertThat(passed(instanceId, "end_event_host_key_rejected")).isTrue();
      assertThat(Files.readString(hosts.knownHostsFile())).isEqualTo(knownHostsBefore);
    } finally {
      openStack.nova().hideHostKeyFingerprints("alibuild40", false);
    }
  }

  @Test
  void puppetNeverConvergingGoesToReportTheErrorsAndARetryOverRestCompletes() {
    dataCentre.server("alibuild12").orElseThrow().failNextPuppetRuns(3); // the sandbox allows 3 runs
    String instanceId = start("alibuild12", "unchanged");

    String taskId = awaitTask(operator1(), instanceId, "user_task_report_puppet_errors");
    Map<String, JsonNode> before = historicVariables(instanceId);
    assertThat(before.get("puppetAttemptsUsed").asInt()).isEqualTo(3);
    assertThat(before.get("puppetExitCode").asInt()).isEqualTo(4);
    assertThat(before.get("puppetLastOutput").asText()).contains("Error: ");
    assertThat(before.get("foremanReport").asText()).isNotBlank();

    ResponseEntity<JsonNode> retried = operator1().post("/task/" + taskId + "/complete", variables(Map.of("decision", "retry")));
    assertThat(retried.getStatusCode().is2xxSuccessful()).as("%s", retried.getBody()).isTrue();

    awaitEnded(instanceId);
    Map<String, JsonNode> after = historicVariables(instanceId);
    assertThat(after.get("hostVerified").asBoolean()).isTrue();
    assertThat(after.get("puppetAttemptsUsed").asInt()).isEqualTo(4);
    assertThat(after.get("puppetExitCode").asInt()).isZero();
  }

  // --- Fixtures ---

  /** ai-rebuild-vm's effect in the sandbox: Certmgr staged, root disk re-imaged (a new host key). */
  private void rebuild(String host) {
    dataCentre.certificateStagings().stage(host, "verify-host-it", dataCentre.now());
    dataCentre.server(host).orElseThrow().rebuild(Duration.ofSeconds(1), dataCentre.now());
  }

  private String start(String host, String hostKeyChange) {
    ResponseEntity<JsonNode> started =
        operator1().start("verify-host", Map.of("hostname", host, "project", "release-testing", "hostKeyChange", hostKeyChange));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    return started.getBody().get("id").asText();
  }

  private void awaitEnded(String instanceId) {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> assertThat(operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText())
                .isEqualTo("COMPLETED"));
  }

  private static String awaitTask(EngineRest operator, String instanceId, String taskKey) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> operator.get("/task?processInstanceId=" + instanceId).getBody().size() == 1);
    JsonNode task = operator.get("/task?processInstanceId=" + instanceId).getBody().get(0);
    assertThat(task.get("taskDefinitionKey").asText()).isEqualTo(taskKey);
    return task.get("id").asText();
  }

  private Map<String, JsonNode> historicVariables(String instanceId) {
    Map<String, JsonNode> values = new HashMap<>();
    operator1().get("/history/variable-instance?processInstanceId=" + instanceId).getBody()
        .forEach(v -> values.put(v.get("name").asText(), v.get("value")));
    return values;
  }

  private boolean passed(String instanceId, String activityId) {
    return operator1().get("/history/activity-instance?processInstanceId=" + instanceId + "&activityId=" + activityId).getBody().size() == 1;
  }

  private static Map<String, Object> variables(Map<String, String> values) {
    Map<String, Object> typed = new HashMap<>();
    values.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    return Map.of("variables", typed);
  }
}
