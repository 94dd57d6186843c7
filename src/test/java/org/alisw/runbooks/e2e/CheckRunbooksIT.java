package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * {@code preflight} and {@code verify-master} started over REST as an operator, against the
 * simulated OpenStack, Foreman, SSH hosts and Mesos masters, to their pass/fail lists.
 */
@SandboxTest
class CheckRunbooksIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;
  @Autowired CloudPort cloud;

  @Value("${runbooks.create.keypair.public-key}")
  String alibuildPublicKey;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  @Test
  void preflightPassesEveryCheckOfBothProjectsOnceTheKeypairExists() throws Exception {
    // The guide's step before creating machines: openstack keypair create --public-key alibuild.pub alibuild.
    // The key the create runbooks are configured with: CreateRunbooksIT, in the same sandbox, then
    // finds the keypair it expects instead of one with another key.
    cloud.ensureKeypair("release-testing", "alibuild", alibuildPublicKey);

    String instanceId = start("preflight", Map.of());
    JsonNode task = awaitTask(instanceId, "user_task_read_preflight_report");

    List<JsonNode> report = report(instanceId);
    assertThat(report).hasSize(13);
    assertThat(report).allSatisfy(item -> assertThat(item.get("pass").asBoolean()).as("%s", item).isTrue());
    assertThat(report.get(0).get("name").asText()).isEqualTo("release-testing: credentials authenticate");
    assertThat(report.get(5).get("name").asText()).isEqualTo("cloud-tests: credentials authenticate");
    assertThat(report.get(5).get("detail").asText()).contains("ALICE Cloud Tests");
    assertThat(variable(instanceId, "preflightPassed").asBoolean()).isTrue();
    assertThat(variable(instanceId, "checkSummary").asText()).startsWith("All 13 checks passed.");

    complete(task, Map.of("reportNotes", "ready to create machines"));
    assertThat(operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void preflightWithCredentialsKeystoneRefusesFailsEveryOpenStackCheckNamingTheReason() throws Exception {
    // Keystone refuses the credentials from now on (as after a password change); tokens already
    // handed out are revoked, so nothing can lean on a cached one.
    openStack.faults().inject("keystone.tokens.create", new Faults.HttpStatus(401, "The request you have made requires authentication."), 100);
    openStack.keystone().issuedTokens().forEach(t -> openStack.keystone().revoke(t.id()));
    try {
      String instanceId = start("preflight", Map.of("project", "release-testing"));
      awaitTask(instanceId, "user_task_read_preflight_report");

      List<JsonNode> report = report(instanceId);
      assertThat(report).hasSize(8);
      List<JsonNode> openStackItems = report.subList(0, 5);
      assertThat(openStackItems).allSatisfy(item -> assertThat(item.get("pass").asBoolean()).as("%s", item).isFalse());
      JsonNode credentials = openStackItems.get(0);
      assertThat(credentials.get("name").asText()).isEqualTo("release-testing: credentials authenticate");
      assertThat(credentials.get("detail").asText())
          .contains("Keystone refused to authenticate for project")
          .contains("HTTP 401")
          .contains("OS_USERNAME/OS_PASSWORD")
          .doesNotContain(SandboxTest.OPERATOR1_PASSWORD)
          .doesNotContain("sandbox-only-password");
      assertThat(credentials.get("whatToDo").asText()).contains("eval $(ai-rc \"ALICE Release Testing\")").contains("alice-vm-admin");
      assertThat(openStackItems.get(1).get("whatToDo").asText()).startsWith("Fix the credentials first");
      // Foreman and Mesos do not depend on OpenStack's credentials.
      assertThat(report.subList(5, 8)).allSatisfy(item -> assertThat(item.get("pass").asBoolean()).as("%s", item).isTrue());
      assertThat(variable(instanceId, "preflightPassed").asBoolean()).isFalse();
      assertThat(variable(instanceId, "checksFailed").asInt()).isEqualTo(5);
      assertThat(operator1().get("/incident?processInstanceId=" + instanceId).getBody()).isEmpty();
    } finally {
      openStack.faults().clear();
    }
  }

  @Test
  void verifyMasterPassesEveryItemOfTheChecklistOnAHealthyMaster() throws Exception {
    String instanceId = start("verify-master", Map.of("hostname", "alimesos02"));
    JsonNode task = awaitTask(instanceId, "user_task_read_master_checklist");

    List<JsonNode> report = report(instanceId);
    assertThat(report).hasSize(8);
    assertThat(report).allSatisfy(item -> assertThat(item.get("pass").asBoolean()).as("%s", item).isTrue());
    assertThat(variable(instanceId, "masterVerified").asBoolean()).isTrue();
    assertThat(item(report, "SSH login").get("detail").asText()).contains("alimesos02");
    complete(task, Map.of());
  }

  @Test
  void verifyMasterNamesTheContainerThatIsNotRunning() throws Exception {
    SimulatedServer master = dataCentre.server("alimesos03").orElseThrow();
    master.stopContainer("aurora-scheduler");
    try {
      String instanceId = start("verify-master", Map.of("hostname", "alimesos03"));
      awaitTask(instanceId, "user_task_read_master_checklist");

      List<JsonNode> report = report(instanceId);
      JsonNode containers = item(report, "docker running with the master's containers");
      assertThat(containers.get("pass").asBoolean()).isFalse();
      assertThat(containers.get("detail").asText()).startsWith("not running: aurora-scheduler");
      assertThat(containers.get("whatToDo").asText()).contains("docker restart aurora-scheduler");
      assertThat(report).filteredOn(item -> !item.get("pass").asBoolean()).hasSize(1);
      assertThat(variable(instanceId, "masterVerified").asBoolean()).isFalse();
      assertThat(variable(instanceId, "checkSummary").asText())
          .startsWith("1 of 8 checks failed.")
          .contains("FAIL docker running with the master's containers: not running: aurora-scheduler");
    } finally {
      master.startContainers(Set.of("aurora-scheduler"));
    }
  }

  @Test
  void verifyMasterRefusesAnAgentFromTheStartFormAndStartsNothing() {
    ResponseEntity<JsonNode> refused = operator1().submitStartForm("verify-master", Map.of("hostname", "alibuild07"));

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("message").asText()).contains("alibuild07 is not a configured Mesos master");
  }

  // --- helpers ---

  private String start(String key, Map<String, String> variables) {
    ResponseEntity<JsonNode> started = operator1().start(key, variables);
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    return started.getBody().get("id").asText();
  }

  private JsonNode awaitTask(String instanceId, String taskKey) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> operator1().get("/task?processInstanceId=" + instanceId).getBody().size() == 1);
    JsonNode task = operator1().get("/task?processInstanceId=" + instanceId).getBody().get(0);
    assertThat(task.get("taskDefinitionKey").asText()).isEqualTo(taskKey);
    return task;
  }

  private void complete(JsonNode task, Map<String, String> variables) {
    String taskId = task.get("id").asText();
    operator1().post("/task/" + taskId + "/claim", Map.of("userId", "operator1"));
    Map<String, Object> typed = new java.util.LinkedHashMap<>();
    variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    ResponseEntity<JsonNode> completed = operator1().post("/task/" + taskId + "/complete", Map.of("variables", typed));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();
  }

  private JsonNode variable(String instanceId, String name) {
    JsonNode found = operator1().get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=" + name).getBody();
    assertThat(found).as("variable %s", name).hasSize(1);
    return found.get(0).get("value");
  }

  private List<JsonNode> report(String instanceId) throws IOException {
    List<JsonNode> items = new ArrayList<>();
    JSON.readTree(variable(instanceId, "checkReport").asText()).forEach(items::add);
    return items;
  }

  private static JsonNode item(List<JsonNode> report, String name) {
    return report.stream().filter(i -> i.get("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no item " + name + " in " + report));
  }

}
