package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Issue 11 "Pause and resume", end to end over /engine-rest: a rebuild suspended in the middle of
 * its wait, activated after its deadline passed, looks at the server again and completes instead
 * of asking an operator why it was "not rebuilt in time".
 */
@SandboxTest
class PauseResumeIT {

  private static final Logger LOG = LoggerFactory.getLogger(PauseResumeIT.class);
  private static final String PROJECT = "release-testing";
  private static final String HOST = "alibuild01";
  /** More than runbooks.lifecycle.rebuild-timeout in the sandbox profile (PT2M). */
  private static final Duration PAST_THE_DEADLINE = Duration.ofMinutes(3);
  /** How /engine-rest writes dates (2026-12-03T07:44:39.836+0000). */
  private static final DateTimeFormatter REST_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  @Autowired TestRestTemplate rest;
  @Autowired CloudPort cloud;
  @Autowired RuntimeService runtime;

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private EngineRest operator2() {
    return new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
  }

  /** The engine clock is shared by every test of the context: always back to real time, nothing left running. */
  @AfterEach
  void cleanUp() {
    ClockUtil.reset();
    runtime.createProcessInstanceQuery().rootProcessInstances().processDefinitionKey("rebuild-agent").list()
        .forEach(p -> runtime.deleteProcessInstanceIfExists(p.getId(), "test over", true, true, true, false));
  }

  @Test
  void aRebuildSuspendedMidWaitPastItsDeadlineLooksAgainWhenActivatedAndCompletes() {
    String agent = approvedRebuild(HOST);
    String rebuildVm = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> calledRebuildVm(agent), id -> id != null && activities(id).contains("timer_wait_rebuilt"));

    // operator1 pauses the rebuild while it waits for Nova (Cockpit's pause button sends this).
    assertThat(suspend(rebuildVm, true).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(operator1().get("/process-instance/" + rebuildVm).getBody().get("suspended").asBoolean()).isTrue();
    // Meanwhile Nova finishes the rebuild, and the night passes: the engine clock goes past the deadline.
    await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(cloud.findServer(PROJECT, HOST).map(CloudServer::status).orElse(null)));
    ClockUtil.offset(PAST_THE_DEADLINE.toMillis());
    JsonNode deadline = operator1().get("/job?processInstanceId=" + rebuildVm + "&activityId=boundary_timer_rebuild_timeout").getBody();
    assertThat(deadline).as("the rebuild deadline's timer").hasSize(1);
    assertThat(deadline.get(0).get("suspended").asBoolean()).isTrue();
    assertThat(OffsetDateTime.parse(deadline.get(0).get("dueDate").asText(), REST_DATE).toInstant())
        .as("the deadline has passed on the engine clock").isBefore(ClockUtil.getCurrentTime().toInstant());
    assertThat(activities(rebuildVm)).as("nothing moves while paused").contains("timer_wait_rebuilt");
    assertThat(passed(rebuildVm, "end_event_rebuilt")).isFalse();

    assertThat(suspend(rebuildVm, false).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

    // The wait's next look and the passed deadline both fall due now, in no fixed order; either way
    // the server is seen ACTIVE (the deadline's own look again: service_task_recheck_rebuild_status).
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(state(agent))
            .as("%s", operator1().get("/task?processInstanceId=" + rebuildVm).getBody())
            .isEqualTo("COMPLETED"));
    assertThat(passed(rebuildVm, "user_task_investigate_rebuild")).as("not rebuilt in time?").isFalse();
    assertThat(passed(rebuildVm, "end_event_rebuilt")).isTrue();
    assertThat(passed(agent, "user_task_investigate_request")).isFalse();
    assertThat(state(rebuildVm)).isEqualTo("COMPLETED");
    LOG.info("rebuild-vm {} resumed; the deadline's look again ran: {}", rebuildVm, passed(rebuildVm, "service_task_recheck_rebuild_status"));
  }

  // --- helpers ---

  /** rebuild-agent as the guide runs it: operator1 asks, operator2 agrees, reviews the tasks and approves. */
  private String approvedRebuild(String hostname) {
    ResponseEntity<JsonNode> started = operator1().start("rebuild-agent", Map.of("hostname", hostname, "reason", "pause-resume IT"));
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    String instance = started.getBody().get("id").asText();
    completeTask(operator2(), instance, "user_task_discuss_with_colleagues", Map.of("discussionOutcome", "go", "discussionNotes", "agreed"));
    completeTask(operator2(), instance, "user_task_review_agent_tasks", Map.of("tasksDecision", "proceed"));
    await().atMost(Duration.ofSeconds(30)).until(() -> taskKeys(instance).contains("user_task_approve_rebuild"));
    String approval = taskOf(instance, "user_task_approve_rebuild");
    operator2().post("/task/" + approval + "/claim", Map.of("userId", "operator2"));
    ResponseEntity<JsonNode> approved = complete(operator2(), approval, Map.of("approvalDecision", "approve", "approvalNotes", "ok"));
    assertThat(approved.getStatusCode().is2xxSuccessful()).as("%s", approved.getBody()).isTrue();
    return instance;
  }

  private String calledRebuildVm(String agent) {
    JsonNode called = operator1().get("/process-instance?superProcessInstance=" + agent).getBody();
    for (JsonNode instance : called) {
      if (instance.get("definitionId").asText().startsWith("rebuild-vm:")) {
        return instance.get("id").asText();
      }
    }
    return null;
  }

  /** {@code PUT /process-instance/{id}/suspended} as operator1: what Cockpit's suspend and activate send. */
  private ResponseEntity<JsonNode> suspend(String instanceId, boolean suspended) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBasicAuth("operator1", SandboxTest.OPERATOR1_PASSWORD);
    return rest.exchange("/engine-rest/process-instance/" + instanceId + "/suspended", HttpMethod.PUT,
        new HttpEntity<>(Map.of("suspended", suspended), headers), JsonNode.class);
  }

  private void completeTask(EngineRest operator, String instance, String taskKey, Map<String, String> variables) {
    await().atMost(Duration.ofSeconds(30)).until(() -> taskKeys(instance).contains(taskKey));
    ResponseEntity<JsonNode> completed = complete(operator, taskOf(instance, taskKey), variables);
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();
  }

  private static ResponseEntity<JsonNode> complete(EngineRest operator, String taskId, Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((k, v) -> typed.put(k, Map.of("value", v, "type", "String")));
    return operator.post("/task/" + taskId + "/complete", Map.of("variables", typed));
  }

  private String taskOf(String instance, String taskKey) {
    for (JsonNode task : operator1().get("/task?processInstanceId=" + instance).getBody()) {
      if (task.get("taskDefinitionKey").asText().equals(taskKey)) {
        return task.get("id").asText();
      }
    }
    throw new AssertionError("no task " + taskKey + " in " + instance);
  }

  private List<String> taskKeys(String instance) {
    return operator1().get("/task?processInstanceId=" + instance).getBody().findValuesAsText("taskDefinitionKey");
  }

  private List<String> activities(String instanceId) {
    return operator1().get("/process-instance/" + instanceId + "/activity-instances").getBody().findValuesAsText("activityId");
  }

  private boolean passed(String instanceId, String activityId) {
    return operator1().get("/history/activity-instance?processInstanceId=" + instanceId + "&activityId=" + activityId).getBody().size() > 0;
  }

  private String state(String instanceId) {
    return operator1().get("/history/process-instance/" + instanceId).getBody().get("state").asText();
  }
}
