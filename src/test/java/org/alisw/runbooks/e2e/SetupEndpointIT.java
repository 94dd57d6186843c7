package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * Camunda Admin's first-user setup needs no login while nobody is in the literal group {@code
 * camunda-admin}: exactly the case of a production setup whose admin group is named differently and
 * which has no starter admin user. Here that setup is reproduced, and an anonymous client tries it.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:setup-endpoint-e2e;DB_CLOSE_DELAY=-1",
      "runbooks.security.admin-group=runbook-admins",
      "sandbox.accounts.admin-password=" + SetupEndpointIT.ADMIN_PASSWORD,
      "sandbox.accounts.operator1-password=setup-e2e-operator1",
      "sandbox.accounts.operator2-password=setup-e2e-operator2"
    })
@ActiveProfiles("sandbox")
class SetupEndpointIT {

  static final String ADMIN_PASSWORD = "setup-e2e-admin";

  @Autowired TestRestTemplate rest;

  @Test
  void refusesAnAnonymousClientCreatingTheFirstAdministrator() {
    EngineRest admin = new EngineRest(rest, "admin", ADMIN_PASSWORD);
    assertThat(admin.get("/user?memberOfGroup=camunda-admin").getBody()).isEmpty();

    ResponseEntity<String> answer = anonymousSetup("intruder", "intruder-secret");

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(answer.getBody()).contains("setup endpoint is disabled");
    assertThat(admin.get("/user?id=intruder").getBody()).isEmpty();
    assertThat(new EngineRest(rest, "intruder", "intruder-secret").get("/user").getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  /** As an attacker would: fetch the webapp's CSRF token first, then post with it. */
  private ResponseEntity<String> anonymousSetup(String id, String password) {
    ResponseEntity<String> page = rest.getForEntity("/camunda/app/admin/default/", String.class);
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    String token = page.getHeaders().getFirst("X-XSRF-TOKEN");
    if (token != null) {
      headers.set("X-XSRF-TOKEN", token);
    }
    List<String> cookies = page.getHeaders().get(HttpHeaders.SET_COOKIE);
    if (cookies != null) {
      cookies.forEach(cookie -> headers.add(HttpHeaders.COOKIE, cookie.split(";", 2)[0]));
    }
    Map<String, Object> body =
        Map.of(
            "profile", Map.of("id", id, "firstName", "Anonymous", "lastName", "Intruder"),
            "credentials", Map.of("password", password));
    return rest.exchange(
        "/camunda/api/admin/setup/default/user/create", HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
  }
}
