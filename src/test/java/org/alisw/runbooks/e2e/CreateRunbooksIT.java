package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.openstack.SimulatedNova;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.roger.SimulatedRoger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * create-agent and create-master started over REST against the simulated data centre: ai-bs's
 * steps, the boot, verify-host's puppet loop, docker pull, Roger; the start refusals.
 */
@SandboxTest
class CreateRunbooksIT {

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;
  @Autowired SimulatedRoger roger;
  @Autowired SimulatedForeman foreman;
  @Autowired SimulatedHosts hosts;
  @Autowired KnownHosts knownHosts;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  @Test
  void createsABuildAgentWithItsVolumeAndPuppetConvergesOnTheThirdAttempt() {
    String instanceId = started(operator1().start("create-agent", Map.of("hostname", "alibuild15", "purpose", "build")));
    // Two failing puppet runs on the new machine, whatever the sandbox's own after-install failures.
    SimulatedServer server = await().atMost(Duration.ofSeconds(60)).until(() -> dataCentre.server("alibuild15").orElse(null), s -> s != null);
    server.failNextPuppetRuns(2);

    awaitCompleted(instanceId, Duration.ofSeconds(180));

    assertThat(passed(instanceId, "end_event_agent_created")).isTrue();
    assertThat(variable(instanceId, "puppetAttemptsUsed").asInt()).isEqualTo(3);
    assertThat(variable(instanceId, "hostVerified").asBoolean()).isTrue();
    String volumeId = variable(instanceId, "volumeId").asText();
    var volume = openStack.cinder().volume(volumeId).orElseThrow();
    assertThat(volume.name()).isEqualTo("alibuild15.cern.ch_vol_001");
    assertThat(volume.size()).isEqualTo(500);
    assertThat(volume.type()).isEqualTo("io1");
    assertThat(server.metadata()).containsEntry("landb-mainuser", "alice-agile-admin").containsKey("runbook-instance-id");
    assertThat(server.role()).isEqualTo(SimulatedServer.Role.AGENT);
    assertThat(server.pulledImages()).anyMatch(i -> i.startsWith("alisw/slc7-builder"));
    assertThat(roger.state("alibuild15.cern.ch").orElseThrow().appstate()).isEqualTo("production");
  }

  @Test
  void createsAReleaseValidationAgentWithoutAVolume() {
    String instanceId =
        started(operator1().start("create-agent", Map.of("hostname", "alibuild16", "purpose", "release-validation")));

    awaitCompleted(instanceId, Duration.ofSeconds(180));

    assertThat(passed(instanceId, "end_event_agent_created")).isTrue();
    assertThat(variable(instanceId, "project").asText()).isEqualTo("cloud-tests");
    assertThat(variable(instanceId, "volumeId").isNull()).isTrue();
    assertThat(dataCentre.server("alibuild16").orElseThrow().project()).isNotEqualTo(dataCentre.server("alibuild01").orElseThrow().project());
    assertThat(openStack.cinder().volumes()).noneMatch(v -> v.name().startsWith("alibuild16"));
  }

  @Test
  void refusesAnAgentNameThatExistsFromTheStartFormWith400() {
    ResponseEntity<JsonNode> refused =
        operator1().submitStartForm("create-agent", Map.of("hostname", "alibuild07", "purpose", "build"));

    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("message").asText()).contains("A server named alibuild07 exists already");
  }

  /**
   * A zone in use is refused, naming the zones in use; once a master is deleted its zone is free,
   * and a master created there runs to the end: verify-host, then the master checklist passing
   * every item. The replacement takes the lost master's name: runbooks.mesos.masters and the
   * ZooKeeper ensemble name the three masters, and a checklist can only verify a configured master.
   * The sandbox's masters are restored afterwards: the other ITs share this data centre.
   */
  @Test
  void refusesAMasterInAZoneInUseAndCreatesOneInTheZoneADeletedMasterFreed() {
    ResponseEntity<JsonNode> refused =
        operator1().submitStartForm("create-master", Map.of("hostname", "alimesos04", "zone", "cern-geneva-c"));
    assertThat(refused.getStatusCode()).as("%s", refused.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getBody().get("message").asText())
        .contains("Zone cern-geneva-c already has a master")
        .contains("alimesos01 in cern-geneva-a, alimesos02 in cern-geneva-b, alimesos03 in cern-geneva-c");

    SimulatedServer lost = dataCentre.server("alimesos03").orElseThrow();
    String project = lost.project();
    String lostId = lost.id();
    // The master is lost and deleted (as delete-vm does: Nova and Foreman forget it).
    dataCentre.delete("alimesos03");
    dataCentre.forget("alimesos03");
    try {
      // The zone is free now, but alimesos04 is not a configured master: the checklist could not verify it.
      ResponseEntity<JsonNode> notConfigured =
          operator1().submitStartForm("create-master", Map.of("hostname", "alimesos04", "zone", "cern-geneva-c"));
      assertThat(notConfigured.getStatusCode()).as("%s", notConfigured.getBody()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(notConfigured.getBody().get("message").asText())
          .contains("alimesos04 is not one of the configured Mesos masters [alimesos01, alimesos02, alimesos03]");

      String instanceId =
          started(operator1().start("create-master", Map.of("hostname", "alimesos03", "zone", "cern-geneva-c")));
      SimulatedServer master =
          await().atMost(Duration.ofSeconds(60)).until(() -> dataCentre.server("alimesos03").filter(s -> !s.metadata().isEmpty()).orElse(null), s -> s != null);
      assertThat(master.id()).as("a new server, not the lost one").isNotEqualTo(lostId);
      assertThat(master.availabilityZone()).isEqualTo("cern-geneva-c");
      assertThat(master.role()).isEqualTo(SimulatedServer.Role.MASTER);
      assertThat(master.metadata()).containsEntry("foreman-hostgroup", "alibuild/mesos/master").containsEntry("foreman-environment", "alibuild_devel");

      awaitCompleted(instanceId, Duration.ofSeconds(240));

      assertThat(passed(instanceId, "call_activity_verify_host")).isTrue();
      assertThat(variable(instanceId, "hostVerified").asBoolean()).isTrue();
      assertThat(passed(instanceId, "end_event_master_created")).isTrue();
      assertThat(variable(instanceId, "masterVerified").asBoolean()).isTrue();
      // The checklist ran on the new master and every item passed.
      JsonNode checklist =
          operator1().get("/history/process-instance?superProcessInstanceId=" + instanceId + "&processDefinitionKey=verify-master").getBody();
      assertThat(checklist).hasSize(1);
      assertThat(variable(checklist.get(0).get("id").asText(), "hostname").asText()).isEqualTo("alimesos03");
      JsonNode report = json(variable(instanceId, "checkReport").asText());
      assertThat(report).as("%s", report).hasSize(8);
      assertThat(report).as("%s", report).allMatch(item -> item.get("pass").asBoolean());
      assertThat(master.runningContainers()).containsAll(SimulatedDataCentre.MASTER_CONTAINERS);
      assertThat(dataCentre.healthyMasters()).contains("alimesos03");
    } finally {
      dataCentre.delete("alimesos03");
      dataCentre.forget("alimesos03");
      dataCentre.add("alimesos03", SimulatedServer.Role.MASTER, "cern-geneva-c", project, "ACTIVE")
          .startContainers(SimulatedDataCentre.MASTER_CONTAINERS);
      // Known as the seeded master is: the restored machine presents a new key on a new port.
      knownHosts.replaceHostKey("alimesos03", hosts.hostKeyFingerprint("alimesos03"));
    }
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /**
   * Issue 9: a boot that ends in ERROR and "delete everything this runbook created" leave no
   * server, volume, Foreman host or Certmgr staging of that name in the data centre; Roger is
   * disabled as ai-kill does. The caller ends "not provisioned" with cleanedUp.
   */
  @Test
  void aBootInErrorAndDeleteEverythingLeaveNothingBehind() {
    openStack.faults().inject(SimulatedNova.ERROR_ON_BOOT, new Faults.HttpStatus(500, "No valid host was found (injected)"), 1);
    String instanceId = started(operator1().start("create-agent", Map.of("hostname", "alibuild17", "purpose", "build")));
    String provisionId =
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
            .until(() -> subInstance(instanceId), id -> id != null);

    String taskId =
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .until(() -> taskOf(provisionId, "user_task_boot_failed"), id -> id != null);
    assertThat(dataCentre.server("alibuild17")).isPresent();
    assertThat(foreman.host("alibuild17.cern.ch")).isPresent();
    assertThat(dataCentre.certificateStagings().of("alibuild17.cern.ch")).isNotEmpty();
    assertThat(openStack.cinder().volumes()).anyMatch(v -> v.name().startsWith("alibuild17"));

    ResponseEntity<JsonNode> completed =
        operator1().post("/task/" + taskId + "/complete", Map.of("variables", Map.of(
            "decision", Map.of("value", "delete-everything", "type", "String"),
            "investigationNotes", Map.of("value", "injected ERROR, clean up", "type", "String"))));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();

    awaitCompleted(instanceId, Duration.ofSeconds(120));
    assertThat(passed(provisionId, "end_event_cleaned_up")).isTrue();
    assertThat(passed(instanceId, "end_event_agent_not_provisioned")).isTrue();
    assertThat(variable(instanceId, "cleanedUp").asBoolean()).isTrue();
    assertThat(dataCentre.server("alibuild17")).isEmpty();
    assertThat(openStack.cinder().volumes()).noneMatch(v -> v.name().startsWith("alibuild17"));
    assertThat(foreman.host("alibuild17.cern.ch")).isEmpty();
    assertThat(dataCentre.certificateStagings().of("alibuild17.cern.ch")).isEmpty();
    assertThat(roger.state("alibuild17.cern.ch").orElseThrow().appstate()).isEqualTo("disabled");
  }

  /**
   * Roger saying 403, first to the new machine's build state (provision-vm), then to production
   * (create-agent): each refusal reaches an operator's task at once, and each retry runs only the
   * Roger step again; the agent ends in production with one server.
   */
  @Test
  void rogerRefusalsReachAnOperatorAndRetriesRunOnlyTheRogerSteps() {
    roger.faults().inject(Faults.scoped("roger.state.create", "alibuild18"), new Faults.HttpStatus(403, "You do not have permission (injected)"), 1);
    roger.faults().inject(Faults.scoped("roger.state.update", "alibuild18"), new Faults.HttpStatus(403, "You do not have permission (injected)"), 1);
    String instanceId =
        started(operator1().start("create-agent", Map.of("hostname", "alibuild18", "purpose", "release-validation")));
    String provisionId =
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> subInstance(instanceId), id -> id != null);

    retryTask(provisionId, "user_task_roger_build_refused", "Roger refused to set alibuild18 to build");
    retryTask(instanceId, "user_task_roger_refused", "Roger refused to set alibuild18 to production");

    awaitCompleted(instanceId, Duration.ofSeconds(180));
    assertThat(passed(instanceId, "end_event_agent_created")).isTrue();
    assertThat(passed(provisionId, "end_event_created")).isTrue();
    assertThat(roger.state("alibuild18.cern.ch").orElseThrow().appstate()).isEqualTo("production");
    assertThat(operator1().get("/history/incident?processInstanceId=" + instanceId).getBody()).as("no incident").isEmpty();
    assertThat(dataCentre.servers().stream().filter(s -> s.name().equals("alibuild18"))).as("one server").hasSize(1);
  }

  /** Waits for the task, checks the refusal it shows, and completes it with "retry". */
  private void retryTask(String instanceId, String taskKey, String refusal) {
    String taskId =
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> taskOf(instanceId, taskKey), id -> id != null);
    assertThat(operator1().get("/task/" + taskId + "/variables/stepRefusal").getBody().get("value").asText())
        .startsWith(refusal).contains("403");
    ResponseEntity<JsonNode> completed =
        operator1().post("/task/" + taskId + "/complete", Map.of("variables", Map.of(
            "decision", Map.of("value", "retry", "type", "String"),
            "investigationNotes", Map.of("value", "granted the right in Roger", "type", "String"))));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();
  }

  private String subInstance(String instanceId) {
    JsonNode subs = operator1().get("/process-instance?superProcessInstance=" + instanceId).getBody();
    return subs == null || subs.isEmpty() ? null : subs.get(0).get("id").asText();
  }

  private String taskOf(String instanceId, String taskKey) {
    for (JsonNode task : operator1().get("/task?processInstanceId=" + instanceId).getBody()) {
      if (task.get("taskDefinitionKey").asText().equals(taskKey)) {
        return task.get("id").asText();
      }
    }
    return null;
  }

  private static String started(ResponseEntity<JsonNode> response) {
    assertThat(response.getStatusCode()).as("%s", response.getBody()).isEqualTo(HttpStatus.OK);
    return response.getBody().get("id").asText();
  }

  private void awaitCompleted(String instanceId, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> assertThat(operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText())
                .as("tasks: %s incidents: %s", operator1().get("/task").getBody(), operator1().get("/incident").getBody())
                .isEqualTo("COMPLETED"));
  }

  private boolean passed(String instanceId, String activityId) {
    return !operator1().get("/history/activity-instance?activityId=" + activityId + "&processInstanceId=" + instanceId + "&finished=true")
        .getBody().isEmpty();
  }

  private JsonNode variable(String instanceId, String name) {
    JsonNode values =
        operator1().get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=" + name).getBody();
    assertThat(values).as("variable %s", name).isNotEmpty();
    return values.get(0).get("value");
  }
}
