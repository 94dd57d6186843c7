package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/**
 * Over REST, as an operator: the requester of a runbook is whoever is logged in, and the start
 * checks cannot be stepped around with start instructions.
 */
@SandboxTest
class InitiatorIT {

  @Autowired TestRestTemplate rest;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private long instances() {
    return new EngineRest(rest, "admin", SandboxTest.ADMIN_PASSWORD)
        .get("/process-instance/count").getBody().get("count").asLong();
  }

  /** Four-eyes compares the approver with the initiator: a forged one would defeat it. */
  @Test
  void refusesAnOperatorStartingOnBehalfOfAnotherAndLeavesNoInstance() {
    long before = instances();

    var refused =
        operator1().start(
            "reboot-server", Map.of("hostname", "alibuild07", "reason", "forged", "initiator", "operator2"));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody().get("message").asText())
        .contains("may not start a runbook on behalf of 'operator2'");
    assertThat(instances()).isEqualTo(before);
  }

  @Test
  void recordsTheLoggedInOperatorAsInitiator() {
    // A loaded machine may miss the start check's 5 s OpenStack deadline (a 503, nothing started):
    // start again until the cloud answers in time, as ReadOnlyGroupIT does.
    var started = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(
        () -> operator1().start("reboot-server", Map.of("hostname", "alibuild07", "reason", "hangs")),
        answer -> !answer.getStatusCode().is5xxServerError());
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);

    var initiator =
        operator1().get("/process-instance/" + started.getBody().get("id").asText() + "/variables/initiator");
    assertThat(initiator.getBody().get("value").asText()).isEqualTo("operator1");
  }

  /** Starting at the reboot itself would skip the start event's checks (name, project, server). */
  @Test
  void refusesAnOperatorStartingAtTheRebootStep() {
    long before = instances();

    var refused =
        operator1().post(
            "/process-definition/key/reboot-server/start",
            Map.of(
                "variables", Map.of("hostname", Map.of("value", "alibuild03", "type", "String")),
                "startInstructions",
                List.of(Map.of("type", "startBeforeActivity", "activityId", "service_task_hard_reboot")),
                "skipCustomListeners", true));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(refused.getBody().get("message").asText()).contains("may not start a runbook skipping its listeners");
    assertThat(instances()).isEqualTo(before);
  }
}
