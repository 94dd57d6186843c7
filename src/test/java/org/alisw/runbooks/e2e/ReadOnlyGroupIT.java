package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer.Role;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The read-only group ({@code runbooks.security.observers-group}, the sandbox's {@code observer1}):
 * reads everything Cockpit and Tasklist show, and every write over REST answers 403 (the engine's
 * AuthorizationException, which the REST API maps to 403 Forbidden with type {@code
 * AuthorizationException}) and changes nothing. Operators, for comparison, may pause, resume and
 * retry. Works on a reboot-server runbook of its own agent, {@code alibuild74}, whose first hard
 * reboot Nova refuses with a 503, so that a failed job waits for its retry.
 */
@SandboxTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadOnlyGroupIT {

  static final String AGENT = "alibuild74";

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;

  private String instanceId;
  private String jobId;
  /** A rebuild-agent of the same agent, waiting at its first task. */
  private String rebuildId;

  /** One write and the path it goes to; {id}, {job}, {task}, {definition} filled in. */
  record Write(String title, HttpMethod method, String path, Object body) {
    @Override
    public String toString() {
      return title;
    }
  }

  static Stream<Write> writes() {
    Map<String, Object> start = Map.of("variables", Map.of("hostname", typed("alibuild05"), "reason", typed("observer")));
    return Stream.of(
        new Write("start", HttpMethod.POST, "/process-definition/key/reboot-server/start", start),
        new Write("submit start form", HttpMethod.POST, "/process-definition/key/reboot-server/submit-form", start),
        new Write("claim a task", HttpMethod.POST, "/task/{task}/claim", Map.of("userId", "observer1")),
        new Write("complete a task", HttpMethod.POST, "/task/{task}/complete", Map.of("variables", Map.of())),
        new Write("assign a task", HttpMethod.POST, "/task/{task}/assignee", Map.of("userId", "observer1")),
        new Write("set a task variable", HttpMethod.PUT, "/task/{task}/variables/decision", typed("give-up")),
        new Write("suspend the instance", HttpMethod.PUT, "/process-instance/{id}/suspended", Map.of("suspended", true)),
        new Write("suspend the definition", HttpMethod.PUT, "/process-definition/key/reboot-server/suspended", Map.of("suspended", true, "includeProcessInstances", false)),
        new Write("retry the job", HttpMethod.PUT, "/job/{job}/retries", Map.of("retries", 3)),
        new Write("run the job now", HttpMethod.POST, "/job/{job}/execute", null),
        new Write("set a variable", HttpMethod.PUT, "/process-instance/{id}/variables/hostname", typed("alibuild09")),
        new Write("delete a variable", HttpMethod.DELETE, "/process-instance/{id}/variables/reason", null),
        new Write("modify the instance", HttpMethod.POST, "/process-instance/{id}/modification",
            Map.of("instructions", List.of(Map.of("type", "cancel", "activityId", "user_task_investigate_reboot")))),
        new Write("delete the instance", HttpMethod.DELETE, "/process-instance/{id}", null),
        new Write("cancel the runbook", HttpMethod.POST, "/runbook/process-instance/{id}/cancel", Map.of("reason", "observer")),
        new Write("create a deployment", HttpMethod.POST, "/deployment/create", deployment()),
        new Write("create a user", HttpMethod.POST, "/user/create",
            Map.of("profile", Map.of("id", "mallory"), "credentials", Map.of("password", "mallory-password"))),
        new Write("grant itself", HttpMethod.POST, "/authorization/create",
            Map.of("type", 1, "permissions", List.of("ALL"), "userId", "observer1", "resourceType", 6, "resourceId", "*")));
  }

  /** A multipart deployment of one small process, as Camunda Modeler sends it. */
  private static MultiValueMap<String, Object> deployment() {
    MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
    parts.add("deployment-name", "observer-deployment");
    parts.add("data", new ByteArrayResource(
        org.camunda.bpm.model.bpmn.Bpmn.convertToString(org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess("observer-process")
            .camundaHistoryTimeToLive(1).startEvent().endEvent().done()).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      @Override
      public String getFilename() {
        return "observer-process.bpmn";
      }
    });
    return parts;
  }

  @BeforeAll
  void aRebootWithAFailedJobAndAnOpenTask() {
    dataCentre.add(AGENT, Role.AGENT, SimulatedDataCentre.ZONES.get(1), "release-testing", "ACTIVE");
    // Nova refuses every hard reboot the step tries (three, R3): its job ends with no retries left,
    // an incident, and stays so until an operator retries it. An outage until then, not three
    // counted faults: a reboot another class left running in the shared world (InitiatorIT's)
    // would take some of those, and this step's third try would then succeed.
    openStack.faults().failUntilCleared("nova.servers.action", new Faults.HttpStatus(503, "Service Unavailable"));
    try {
      // The first OpenStack call of a cold JVM on a busy machine may outlast the 5 s start-check
      // timeout (a 503, nothing started): try again until the cloud answers in time.
      ResponseEntity<JsonNode> started = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(
          () -> operator1().exchange(HttpMethod.POST, "/process-definition/key/reboot-server/start",
              Map.of("variables", Map.of("hostname", typed(AGENT), "reason", typed("read-only group IT")))),
          answer -> !answer.getStatusCode().is5xxServerError());
      assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(200);
      instanceId = started.getBody().get("id").asText();
      jobId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(this::failedJob, id -> id != null);
    } finally {
      openStack.faults().clear();
    }
    ResponseEntity<JsonNode> rebuild = operator1().exchange(HttpMethod.POST, "/process-definition/key/rebuild-agent/start",
        Map.of("variables", Map.of("hostname", typed(AGENT), "reason", typed("read-only group IT"))));
    assertThat(rebuild.getStatusCode().value()).as("%s", rebuild.getBody()).isEqualTo(200);
    rebuildId = rebuild.getBody().get("id").asText();
    await().atMost(Duration.ofSeconds(30)).until(() -> !admin().get("/task?processInstanceId=" + rebuildId).getBody().isEmpty());
  }

  @AfterAll
  void removeTheRunbookAndTheAgent() {
    for (String id : new String[] {instanceId, rebuildId}) {
      if (id != null) {
        admin().exchange(HttpMethod.DELETE, "/process-instance/" + id + "?skipCustomListeners=true", null);
      }
    }
    dataCentre.delete(AGENT);
    dataCentre.forget(AGENT);
  }

  @Test
  @Order(1)
  void observersReadDefinitionsInstancesHistoryTasksAndVariables() {
    assertThat(observer().get("/process-definition?key=reboot-server&latestVersion=true").getBody()).hasSize(1);
    assertThat(observer().get("/process-instance?processInstanceIds=" + instanceId).getBody()).hasSize(1);
    assertThat(observer().get("/process-instance/" + instanceId + "/variables").getBody().get("hostname").get("value").asText()).isEqualTo(AGENT);
    assertThat(observer().get("/history/process-instance?processInstanceId=" + instanceId).getBody()).hasSize(1);
    assertThat(observer().get("/history/activity-instance?processInstanceId=" + instanceId).getBody()).isNotEmpty();
    assertThat(observer().get("/history/variable-instance?processInstanceId=" + instanceId).getBody()).isNotEmpty();
    assertThat(observer().get("/job?processInstanceId=" + instanceId).getBody()).isNotEmpty();
    assertThat(observer().get("/deployment").getBody()).isNotEmpty();
    assertThat(observer().get("/filter?resourceType=Task").getBody()).as("Tasklist's shared filter").isNotEmpty();
    // Cockpit and Tasklist let the group in (the webapps check the application permission).
    assertThat(observer().get("/authorization/check?permissionName=ACCESS&resourceName=application&resourceType=0&resourceId=cockpit")
        .getBody().get("authorized").asBoolean()).isTrue();
    assertThat(observer().get("/authorization/check?permissionName=ACCESS&resourceName=application&resourceType=0&resourceId=tasklist")
        .getBody().get("authorized").asBoolean()).isTrue();
  }

  @Order(2)
  @ParameterizedTest(name = "{0}")
  @MethodSource("writes")
  void everyWriteOfAnObserverIsForbiddenAndChangesNothing(Write write) {
    String openTask = openTask();
    String before = snapshot();

    ResponseEntity<JsonNode> answer = observer().exchange(write.method(), fill(write.path(), openTask), write.body());

    assertThat(answer.getStatusCode().value()).as("%s", answer.getBody()).isEqualTo(403);
    assertThat(answer.getBody()).as("an error body").isNotNull();
    assertThat(answer.getBody().path("message").asText()).as("%s", answer.getBody()).isNotBlank();
    assertThat(snapshot()).as("nothing changed").isEqualTo(before);
  }

  @Test
  @Order(3)
  void operatorsMaySuspendActivateAndRetry() {
    assertThat(operator1().exchange(HttpMethod.PUT, "/process-instance/" + instanceId + "/suspended", Map.of("suspended", true))
        .getStatusCode().value()).isEqualTo(204);
    assertThat(observer().get("/process-instance/" + instanceId).getBody().get("suspended").asBoolean()).isTrue();
    assertThat(operator1().exchange(HttpMethod.PUT, "/process-instance/" + instanceId + "/suspended", Map.of("suspended", false))
        .getStatusCode().value()).isEqualTo(204);
    assertThat(observer().get("/process-instance/" + instanceId).getBody().get("suspended").asBoolean()).isFalse();
    assertThat(observer().get("/incident?processInstanceId=" + instanceId).getBody()).as("the failed reboot's incident").hasSize(1);
    ResponseEntity<JsonNode> retried = operator2().exchange(HttpMethod.PUT, "/job/" + jobId + "/retries", Map.of("retries", 1));
    assertThat(retried.getStatusCode().value()).as("%s", retried.getBody()).isEqualTo(204);
    // The retried reboot goes through: the incident is gone and the hard reboot step ended. (The
    // runbook then waits for the new agent's host key to be confirmed: not this test's business.)
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      assertThat(observer().get("/incident?processInstanceId=" + instanceId).getBody()).isEmpty();
      JsonNode step = observer().get("/history/activity-instance?processInstanceId=" + instanceId
          + "&activityId=service_task_hard_reboot&finished=true").getBody();
      assertThat(step).isNotEmpty();
    });
  }

  // --- helpers ---

  private String failedJob() {
    for (JsonNode job : admin().get("/job?processInstanceId=" + instanceId + "&noRetriesLeft=true").getBody()) {
      return job.get("id").asText();
    }
    return null;
  }

  /** The rebuild's open task. */
  private String openTask() {
    return admin().get("/task?processInstanceId=" + rebuildId).getBody().get(0).get("id").asText();
  }

  private String fill(String path, String task) {
    return path.replace("{id}", instanceId).replace("{job}", jobId).replace("{task}", task);
  }

  /** What a write could change, as the admin sees it. */
  private String snapshot() {
    return String.join("\n",
        admin().get("/process-instance/" + instanceId).getBody().path("suspended").asText(),
        admin().get("/process-instance/" + instanceId + "/variables").getBody().toString(),
        admin().get("/history/process-instance/count?startedBy=observer1").getBody().toString(),
        admin().get("/process-definition/key/reboot-server").getBody().path("suspended").asText(),
        admin().get("/user/count?id=mallory").getBody().toString(),
        admin().get("/deployment/count?name=observer-deployment").getBody().toString(),
        admin().get("/task?processInstanceId=" + rebuildId).getBody().toString(),
        admin().get("/authorization/count?userIdIn=observer1").getBody().toString(),
        admin().get("/task?assignee=observer1").getBody().toString());
  }

  static Map<String, Object> typed(String value) {
    Map<String, Object> typed = new LinkedHashMap<>();
    typed.put("value", value);
    typed.put("type", "String");
    return typed;
  }

  private Client observer() {
    return new Client("observer1", SandboxTest.OBSERVER1_PASSWORD);
  }

  private Client operator1() {
    return new Client("operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private Client operator2() {
    return new Client("operator2", SandboxTest.OPERATOR2_PASSWORD);
  }

  private Client admin() {
    return new Client("admin", SandboxTest.ADMIN_PASSWORD);
  }

  /** {@code /engine-rest} as one user, any method. */
  private final class Client {
    private final String user;
    private final String password;

    Client(String user, String password) {
      this.user = user;
      this.password = password;
    }

    ResponseEntity<JsonNode> get(String path) {
      return exchange(HttpMethod.GET, path, null);
    }

    ResponseEntity<JsonNode> exchange(HttpMethod method, String path, Object body) {
      HttpHeaders headers = new HttpHeaders();
      headers.setBasicAuth(user, password);
      headers.setAccept(List.of(MediaType.APPLICATION_JSON));
      if (body instanceof MultiValueMap<?, ?>) {
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
      } else if (body != null) {
        headers.setContentType(MediaType.APPLICATION_JSON);
      }
      return rest.exchange("/engine-rest" + path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }
  }
}
