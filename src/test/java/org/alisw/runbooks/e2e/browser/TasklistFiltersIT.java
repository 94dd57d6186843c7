package org.alisw.runbooks.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.alisw.runbooks.e2e.SandboxTest;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The operators' Tasklist filters over REST, each listed as the operator asking
 * ({@code POST /filter/{id}/list} evaluates {@code ${currentUser()}} for them): "Approvals waiting
 * for me" lists operator1's rebuild to operator2 and not to operator1; "Reports and decisions"
 * lists the discussion to both; the read-only observer cannot read the filters.
 *
 * <p>Host of its own: {@code alibuild452}.
 */
@SandboxTest
class TasklistFiltersIT {

  static final String HOST = "alibuild452";
  static final String APPROVALS = "Approvals waiting for me";
  static final String REPORTS = "Reports and decisions";
  static final String REMINDERS = "Reminders";

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired RuntimeService runtime;

  @Test
  void approvalsOfMyOwnRunbooksAreNotWaitingForMe() {
    Operator operator1 = new Operator(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
    Operator operator2 = new Operator(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
    dataCentre.add(HOST, SimulatedServer.Role.AGENT, "cern-geneva-c", "release-testing", "ACTIVE");
    String instance = null;
    try {
      instance = operator1.start("rebuild-agent", java.util.Map.of("hostname", HOST, "reason", "TasklistFiltersIT"));
      String discussion = operator1.waitForTask(instance, "user_task_discuss_with_colleagues");
      assertThat(operator1.filterTaskIds(REPORTS)).contains(discussion);
      assertThat(operator2.filterTaskIds(REPORTS)).contains(discussion);
      assertThat(operator1.filterTaskIds(APPROVALS)).doesNotContain(discussion);
      assertThat(operator2.filterTaskIds(REMINDERS)).doesNotContain(discussion);

      operator2.complete(instance, "user_task_discuss_with_colleagues",
          java.util.Map.of("discussionOutcome", "go", "discussionNotes", "agreed"));
      operator2.complete(instance, "user_task_review_agent_tasks", java.util.Map.of("tasksDecision", "proceed"));
      String approval = operator1.waitForTask(instance, "user_task_approve_rebuild");

      assertThat(operator2.filterTaskIds(APPROVALS)).as("operator2 approves operator1's rebuild").contains(approval);
      assertThat(operator1.filterTaskIds(APPROVALS)).as("operator1 may not approve their own").doesNotContain(approval);
      assertThat(operator1.filterTaskIds(REPORTS)).doesNotContain(approval);

      // How: the possible approvers are the task's candidate users, the initiator is not one of them,
      // and the operators group stays its candidate group.
      List<String> users = new ArrayList<>();
      List<String> groups = new ArrayList<>();
      for (JsonNode link : operator2.get("/task/" + approval + "/identity-links?type=candidate")) {
        if (link.hasNonNull("userId")) {
          users.add(link.get("userId").asText());
        }
        if (link.hasNonNull("groupId")) {
          groups.add(link.get("groupId").asText());
        }
      }
      assertThat(users).contains("operator2").doesNotContain("operator1");
      assertThat(groups).contains("alice-agile-admin");
    } finally {
      if (instance != null && runtime.createProcessInstanceQuery().processInstanceId(instance).count() > 0) {
        runtime.deleteProcessInstance(instance, "TasklistFiltersIT: done");
      }
      dataCentre.delete(HOST);
      dataCentre.forget(HOST);
    }
  }

  @Test
  void operatorsReadTheFiltersAndTheObserverDoesNot() {
    Operator operator1 = new Operator(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
    Operator observer = new Operator(rest, "observer1", SandboxTest.OBSERVER1_PASSWORD);
    assertThat(operator1.filterId(APPROVALS)).isNotNull();
    assertThat(operator1.filterId(REPORTS)).isNotNull();
    assertThat(operator1.filterId(REMINDERS)).isNotNull();
    assertThat(observer.filterId(APPROVALS)).isNull();
    assertThat(observer.filterId(REMINDERS)).isNull();
  }
}
