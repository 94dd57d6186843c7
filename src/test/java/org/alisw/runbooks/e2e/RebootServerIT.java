package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** {@code reboot-server} started over REST against the simulated OpenStack, to the end. */
@SandboxTest
class RebootServerIT {

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;
  @Autowired SimulatedHosts hosts;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  @Test
  void rebootsAServerStartedOverRestUntilItIsActiveAgain() {
    ResponseEntity<JsonNode> started =
        operator1().start("reboot-server", Map.of("hostname", "alibuild05", "reason", "agent hangs"));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String instanceId = started.getBody().get("id").asText();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText())
                    .isEqualTo("COMPLETED"));

    JsonNode passed =
        operator1()
            .get("/history/activity-instance?processInstanceId=" + instanceId + "&activityId=end_event_server_rebooted")
            .getBody();
    assertThat(passed).hasSize(1);
    JsonNode initiator =
        operator1().get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=initiator").getBody();
    assertThat(initiator.get(0).get("value").asText()).isEqualTo("operator1");
    assertThat(dataCentre.server("alibuild05").orElseThrow().status(dataCentre.now())).isEqualTo("ACTIVE");

    // The host was verified by the real verify-host, called with the contract's inputs.
    JsonNode verified =
        operator1().get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=hostVerified").getBody();
    assertThat(verified.get(0).get("value").asBoolean()).isTrue();
    JsonNode called = operator1().get("/history/process-instance?superProcessInstanceId=" + instanceId).getBody();
    assertThat(called).hasSize(1);
    assertThat(called.get(0).get("processDefinitionKey").asText()).isEqualTo("verify-host");
    String calledId = called.get(0).get("id").asText();
    JsonNode change =
        operator1().get("/history/variable-instance?processInstanceId=" + calledId + "&variableName=hostKeyChange").getBody();
    assertThat(change.get(0).get("value").asText()).isEqualTo("unchanged");
    JsonNode calledInitiator =
        operator1().get("/history/variable-instance?processInstanceId=" + calledId + "&variableName=initiator").getBody();
    assertThat(calledInitiator.get(0).get("value").asText()).isEqualTo("operator1");
    assertThat(operator1().get("/history/activity-instance?processInstanceId=" + calledId + "&activityId=end_event_host_verified").getBody()).hasSize(1);
    assertThat(hosts.receivedCommands("alibuild05")).anyMatch(c -> c.command().contains("puppet agent"));
  }

  /** The human hand-off over REST, with the operators' (deliberately narrow) permissions. */
  @Test
  void handsAServerThatVanishedDuringTheRebootToAnOperatorWhoGivesUp() {
    String instanceId =
        operator1().start("reboot-server", Map.of("hostname", "alibuild06", "reason", "stuck")).getBody().get("id").asText();
    // Once the reboot is requested the runbook sleeps on its poll timer (2 s): the server goes now.
    await()
        .pollInterval(Duration.ofMillis(50))
        .atMost(Duration.ofSeconds(30))
        .until(() -> operator1().get("/process-instance/" + instanceId + "/activity-instances").getBody()
            .findValuesAsText("activityId").contains("timer_wait_active"));
    dataCentre.delete("alibuild06");

    EngineRest operator2 = new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> operator2.get("/task?processInstanceId=" + instanceId).getBody().size() == 1);
    JsonNode task = operator2.get("/task?processInstanceId=" + instanceId).getBody().get(0);
    assertThat(task.get("taskDefinitionKey").asText()).isEqualTo("user_task_investigate_reboot");
    String taskId = task.get("id").asText();

    assertThat(operator2.post("/task/" + taskId + "/claim", Map.of("userId", "operator2")).getStatusCode().is2xxSuccessful()).isTrue();
    var completed =
        operator2.post(
            "/task/" + taskId + "/complete",
            Map.of("variables", Map.of(
                "decision", Map.of("value", "give-up", "type", "String"),
                "investigationNotes", Map.of("value", "deleted by someone else", "type", "String"))));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();

    assertThat(operator2.get("/history/process-instance/" + instanceId).getBody().get("state").asText()).isEqualTo("COMPLETED");
    assertThat(operator2.get("/history/activity-instance?processInstanceId=" + instanceId + "&activityId=end_event_reboot_abandoned").getBody()).hasSize(1);
    JsonNode notes = operator2.get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=investigationNotes").getBody();
    assertThat(notes.get(0).get("value").asText()).isEqualTo("deleted by someone else");
    JsonNode status = operator2.get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=serverStatus").getBody();
    assertThat(status.get(0).get("value").asText()).isEqualTo("DELETED");
  }

  @Test
  void refusesAnUnknownServerFromTheStartFormWith400AndStartsNothing() {
    long before = instanceCount();

    ResponseEntity<JsonNode> refused =
        operator1().submitStartForm("reboot-server", Map.of("hostname", "alibuild99", "reason", "typo"));

    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("message").asText())
        .contains("No server named alibuild99 in OpenStack project release-testing");
    assertThat(instanceCount()).isEqualTo(before);
  }

  /**
   * The engine's {@code /start} answers every refusal with 500 (unlike {@code /submit-form}); the
   * message still says what is wrong and nothing starts.
   */
  @Test
  void refusesAnUnknownServerOverRestStartWithTheReasonAndStartsNothing() {
    long before = instanceCount();

    ResponseEntity<JsonNode> refused =
        operator1().start("reboot-server", Map.of("hostname", "alibuild99", "reason", "typo"));

    assertThat(refused.getStatusCode().isError()).isTrue();
    assertThat(refused.getBody().get("message").asText())
        .contains("No server named alibuild99 in OpenStack project release-testing");
    assertThat(instanceCount()).isEqualTo(before);
  }

  private long instanceCount() {
    return operator1().get("/history/process-instance/count").getBody().get("count").asLong();
  }

  /** Item 9: Nova refuses the reboot; an operator gets the message instead of an incident. */
  @Test
  void aRebootNovaRefusesReachesAnOperatorWhoMayWriteOnlyTheTaskInputs() {
    String instanceId = startRebootNovaRefuses("alibuild08");

    JsonNode refusal = operator1().get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=stepRefusal").getBody();
    assertThat(refusal.get(0).get("value").asText()).contains("OpenStack answered 409").contains("hard reboot server alibuild08");
    assertThat(operator1().get("/incident?processInstanceId=" + instanceId).getBody()).isEmpty();

    EngineRest operator2 = new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
    String taskId = operator2.get("/task?processInstanceId=" + instanceId).getBody().get(0).get("id").asText();
    operator2.post("/task/" + taskId + "/claim", Map.of("userId", "operator2"));
    ResponseEntity<JsonNode> refused =
        operator2.post(
            "/task/" + taskId + "/complete",
            Map.of("variables", Map.of(
                "decision", Map.of("value", "reboot-again", "type", "String"),
                "investigationNotes", Map.of("value", "try the master", "type", "String"),
                "hostname", Map.of("value", "alimesos01", "type", "String"))));

    assertThat(refused.getStatusCode().isError()).isTrue();
    assertThat(refused.getBody().get("message").asText()).contains("variable 'hostname' cannot be set");
    JsonNode hostname = operator2.get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=hostname").getBody();
    assertThat(hostname).hasSize(1);
    assertThat(hostname.get(0).get("value").asText()).isEqualTo("alibuild08");
    assertThat(operator2.get("/task?processInstanceId=" + instanceId).getBody()).hasSize(1);
    assertThat(operator1().post(cancelPath(instanceId), Map.of("reason", "test done")).getStatusCode()).isEqualTo(HttpStatus.OK);
  }

  @Test
  void theOperatorWhoStartedARunbookCancelsItWithAReasonKeptInHistory() {
    String instanceId = startRebootNovaRefuses("alibuild11");
    EngineRest operator2 = new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);

    ResponseEntity<JsonNode> notTheirs = operator2.post(cancelPath(instanceId), Map.of("reason", "mine now"));
    assertThat(notTheirs.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(notTheirs.getBody().get("message").asText()).contains("Only operator1");

    ResponseEntity<JsonNode> noReason = operator1().post(cancelPath(instanceId), Map.of("reason", " "));
    assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText()).isEqualTo("ACTIVE");

    ResponseEntity<JsonNode> cancelled = operator1().post(cancelPath(instanceId), Map.of("reason", "hypervisor under maintenance"));
    assertThat(cancelled.getStatusCode()).as("%s", cancelled.getBody()).isEqualTo(HttpStatus.OK);

    JsonNode history = operator1().get("/history/process-instance/" + instanceId).getBody();
    // The engine reports this runbook's deletes as INTERNALLY_TERMINATED (checked in 7.24).
    assertThat(history.get("state").asText()).endsWith("_TERMINATED");
    assertThat(history.get("deleteReason").asText()).isEqualTo("Cancelled by operator1: hypervisor under maintenance");
    assertThat(operator1().post(cancelPath(instanceId), Map.of("reason", "again")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void cancellingNeedsAuthentication() {
    ResponseEntity<JsonNode> anonymous = new EngineRest(rest, null, null).post(cancelPath("any"), Map.of("reason", "x"));
    assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  private static String cancelPath(String instanceId) {
    return "/runbook/process-instance/" + instanceId + "/cancel";
  }

  /** Started by operator1; Nova answers the reboot with 409, so the runbook waits in Investigate. */
  private String startRebootNovaRefuses(String hostname) {
    openStack.faults().inject("nova.servers.action", new Faults.HttpStatus(409, "Cannot 'reboot' instance while it is in task_state powering-off"), 1);
    ResponseEntity<JsonNode> started = operator1().start("reboot-server", Map.of("hostname", hostname, "reason", "agent hangs"));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String instanceId = started.getBody().get("id").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> operator1().get("/task?processInstanceId=" + instanceId).getBody().size() == 1);
    JsonNode task = operator1().get("/task?processInstanceId=" + instanceId).getBody().get(0);
    assertThat(task.get("taskDefinitionKey").asText()).isEqualTo("user_task_investigate_reboot");
    return instanceId;
  }
}
