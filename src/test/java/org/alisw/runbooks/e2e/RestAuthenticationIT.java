package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/** The REST API answers nobody it does not know. */
@SandboxTest
class RestAuthenticationIT {

  @Autowired TestRestTemplate rest;

  @Test
  void answersUnauthenticatedRequestsWith401() {
    assertThat(new EngineRest(rest, null, null).get("/process-definition").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void answersAWrongPasswordWith401() {
    // Not an account other tests log in with: a failed login delays that account's next ones.
    EngineRest admin = new EngineRest(rest, "admin", SandboxTest.ADMIN_PASSWORD);
    admin.post(
        "/user/create",
        Map.of(
            "profile", Map.of("id", "forgetful", "firstName", "Forgetful", "lastName", "User"),
            "credentials", Map.of("password", "the-right-one")));

    assertThat(new EngineRest(rest, "forgetful", "a-guess").get("/process-definition").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void letsAnOperatorSeeTheRunbooks() {
    var answer = new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD).get("/process-definition?key=reboot-server");
    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(answer.getBody()).hasSize(1);
  }

  @Test
  void letsOperatorsReadTheSharedTasklistFilter() {
    var filters = new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD).get("/filter");
    assertThat(filters.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(filters.getBody().findValuesAsText("name")).contains("Runbook tasks");
  }

  /** Without the operators' grants the runbook does not even exist for the caller. */
  @Test
  void refusesToStartARunbookForAUserOutsideTheOperatorsGroup() {
    EngineRest admin = new EngineRest(rest, "admin", SandboxTest.ADMIN_PASSWORD);
    var created =
        admin.post(
            "/user/create",
            Map.of(
                "profile", Map.of("id", "visitor", "firstName", "Visiting", "lastName", "User"),
                "credentials", Map.of("password", "visitor-secret")));
    assertThat(created.getStatusCode().is2xxSuccessful()).isTrue();

    long before = admin.get("/process-instance/count").getBody().get("count").asLong();

    var refused =
        new EngineRest(rest, "visitor", "visitor-secret")
            .start("reboot-server", Map.of("hostname", "alibuild05", "reason", "curious"));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(refused.getBody().get("message").asText()).contains("No matching process definition with key: reboot-server");
    assertThat(admin.get("/process-instance/count").getBody().get("count").asLong()).isEqualTo(before);
  }

  /** Scripted deployments rely on camunda.bpm.admin-user.*: that account keeps working. */
  @Test
  void theStartersAdminUserPropertiesStillCreateAWorkingAdministrator() {
    EngineRest deployer = new EngineRest(rest, "deployer", SandboxTest.DEPLOYER_PASSWORD);

    var groups = deployer.get("/group?member=deployer");
    assertThat(groups.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(groups.getBody().findValuesAsText("id")).contains("camunda-admin");
    var deployments = deployer.get("/deployment");
    assertThat(deployments.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(deployments.getBody().findValuesAsText("name")).contains("infra-runbooks");
  }
}
