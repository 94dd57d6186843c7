package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.roger.MachineStatePort;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman.ReceivedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

/**
 * The sandbox with profile {@code sandbox-kerberos}: its own KDC, the simulated Foreman, Certmgr
 * and Roger accepting only SPNEGO, the adapters on {@code auth=kerberos}. A runbook step that
 * calls Foreman (preflight's hostgroup and environment checks) succeeds, and no Negotiate token
 * ends up in the runbook's variables or history. Its own context (another profile): a SlowIT.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:sandbox-kerberos;DB_CLOSE_DELAY=-1",
      "sandbox.accounts.admin-password=" + SandboxTest.ADMIN_PASSWORD,
      "sandbox.accounts.operator1-password=" + SandboxTest.OPERATOR1_PASSWORD,
      "sandbox.accounts.operator2-password=" + SandboxTest.OPERATOR2_PASSWORD,
      "camunda.bpm.job-execution.max-wait=1000"
    })
@ActiveProfiles({"sandbox", "sandbox-kerberos"})
class SandboxKerberosSlowIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate rest;
  @Autowired ConfigManagementPort foreman;
  @Autowired CertificateStaging certmgr;
  @Autowired MachineStatePort roger;
  @Autowired SimulatedForeman simulatedForeman;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  @Test
  void theThreeAdaptersTalkSpnegoToTheirSimulatorsAndAPreflightStepPasses() throws Exception {
    assertThat(foreman.hostgroupExists("alibuild/mesos/master")).isTrue();
    assertThat(certmgr.staged("alibuild01")).isNotNull();
    assertThat(roger.state("alibuild01")).isPresent();
    List<ReceivedRequest> seen = simulatedForeman.requests();
    assertThat(seen.get(seen.size() - 1).headers().get("authorization")).startsWith("Negotiate ");

    ResponseEntity<JsonNode> started = operator1().start("preflight", Map.of());
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String instanceId = started.getBody().get("id").asText();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> operator1().get("/task?processInstanceId=" + instanceId).getBody().size() == 1);

    JsonNode report = JSON.readTree(variable(instanceId, "checkReport").asText());
    List<JsonNode> foremanItems = new ArrayList<>();
    report.forEach(item -> {
      String name = item.get("name").asText().toLowerCase();
      if (name.contains("hostgroup") || name.contains("environment")) {
        foremanItems.add(item);
      }
    });
    assertThat(foremanItems).hasSizeGreaterThanOrEqualTo(2);
    assertThat(foremanItems).allSatisfy(item -> assertThat(item.get("pass").asBoolean()).as("%s", item).isTrue());

    // The tokens the simulated Foreman received appear nowhere in the runbook's history.
    String history = operator1().get("/history/variable-instance?processInstanceId=" + instanceId).getBody().toString()
        + operator1().get("/history/detail?processInstanceId=" + instanceId).getBody().toString();
    assertThat(history).doesNotContain("Negotiate");
    for (ReceivedRequest r : simulatedForeman.requests()) {
      String a = r.headers().get("authorization");
      if (a != null && a.startsWith("Negotiate ")) {
        assertThat(history).doesNotContain(a.substring(a.length() / 2, a.length() / 2 + 32));
      }
    }
  }

  private JsonNode variable(String instanceId, String name) {
    JsonNode found = operator1()
        .get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=" + name).getBody();
    assertThat(found).as("variable %s", name).hasSize(1);
    return found.get(0).get("value");
  }
}
