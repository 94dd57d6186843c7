package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
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
}
