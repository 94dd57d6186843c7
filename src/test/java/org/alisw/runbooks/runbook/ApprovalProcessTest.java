package org.alisw.runbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The approval pattern on its own (approval/approval-test.bpmn): a frozen plan, four-eyes on the
 * approval task (complete, claim, assignment), and the acting step's check that voids the approval
 * when an input changed after it.
 */
@Deployment(resources = "approval/approval-test.bpmn")
class ApprovalProcessTest {

  @RegisterExtension
  static final ProcessEngineExtension ENGINE = ProcessTestEngine.extension();

  private final List<String> actedOn = new ArrayList<>();

  @BeforeEach
  void registerDelegates() {
    Mocks.register("freezeTestPlan", (JavaDelegate) execution ->
        FrozenPlan.freeze(execution, Map.of("hostname", execution.getVariable("hostname"), "commands", List.of("ai-kill " + execution.getVariable("hostname")))));
    Mocks.register("actOnPlan", (JavaDelegate) execution ->
        ApprovedPlan.guard(execution, () -> actedOn.add(ApprovedPlan.check(execution, "hostname").get("hostname"))));
  }

  @AfterEach
  void reset() {
    Mocks.reset();
    identityService().clearAuthentication();
  }

  @Test
  void theRequesterCannotApproveHisOwnRunbook() {
    ProcessInstance instance = startAs("operator1", "alibuild07");

    as("operator1");
    assertThatThrownBy(() -> taskService().complete(task(instance).getId(), approve()))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("Four-eyes: operator1 started this runbook and cannot approve it");
    assertThat(instance).isWaitingAt("user_task_approve");
    assertThat(runtimeService().getVariable(instance.getId(), "approved")).isNull();
  }

  @Test
  void theRequesterCannotClaimOrBeAssignedTheApproval() {
    ProcessInstance instance = startAs("operator1", "alibuild07");
    String taskId = task(instance).getId();

    assertThatThrownBy(() -> taskService().claim(taskId, "operator1")).hasMessageContaining("cannot take its approval task");
    assertThatThrownBy(() -> taskService().setAssignee(taskId, "operator1")).hasMessageContaining("cannot take its approval task");
    assertThat(taskService().createTaskQuery().taskId(taskId).singleResult().getAssignee()).isNull();

    taskService().claim(taskId, "operator2");
    assertThat(task(instance)).isAssignedTo("operator2");
  }

  @Test
  void anotherOperatorApprovesAndTheStepActsOnTheApprovedPlan() {
    ProcessInstance instance = startAs("operator1", "alibuild07");

    as("operator2");
    taskService().complete(task(instance).getId(), approve());
    execute(job(instance));

    assertThat(instance).isEnded().hasPassed("end_event_done");
    assertThat(actedOn).containsExactly("alibuild07");
    assertThat(instance).variables()
        .containsEntry("approver", "operator2")
        .containsEntry("approved", true)
        .containsEntry("approvedPlanHash", historyService().createHistoricVariableInstanceQuery().processInstanceId(instance.getId()).variableName("planHash").singleResult().getValue());
  }

  @Test
  void anInputChangedAfterTheApprovalVoidsItAndTheRunbookAsksAgain() {
    ProcessInstance instance = startAs("operator1", "alibuild07");
    as("operator2");
    taskService().complete(task(instance).getId(), approve());

    runtimeService().setVariable(instance.getId(), "hostname", "alibuild03");
    execute(job(instance));

    assertThat(actedOn).isEmpty();
    assertThat(instance).hasPassed("boundary_error_approval_void").isWaitingAt("user_task_approve");
    assertThat((String) runtimeService().getVariable(instance.getId(), "approvalVoid"))
        .contains("'hostname' is 'alibuild03' but the approved plan says 'alibuild07'");
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan")).contains("ai-kill alibuild03");
    assertThat(runtimeService().getVariable(instance.getId(), "approved")).isNull();

    taskService().complete(task(instance).getId(), approve());
    execute(job(instance));
    assertThat(actedOn).containsExactly("alibuild03");
  }

  @Test
  void aPlanAlteredAfterTheApprovalIsNotActedOn() {
    ProcessInstance instance = startAs("operator1", "alibuild07");
    as("operator2");
    taskService().complete(task(instance).getId(), approve());

    runtimeService().setVariable(instance.getId(), "plan", FrozenPlan.toJson(Map.of("hostname", "alibuild07", "commands", List.of())));
    execute(job(instance));

    assertThat(actedOn).isEmpty();
    assertThat((String) runtimeService().getVariable(instance.getId(), "approvalVoid")).contains("altered");
  }

  @Test
  void theApprovalTaskMayNotRewriteThePlanOrTheHost() {
    ProcessInstance instance = startAs("operator1", "alibuild07");
    as("operator2");
    String taskId = task(instance).getId();

    assertThatThrownBy(() -> taskService().complete(taskId, Map.of("approvalDecision", "approve", "approvalNotes", "ok", "plan", "{}")))
        .hasRootCauseInstanceOf(RequestRejected.class)
        .hasMessageContaining("variable 'plan' cannot be set");
    assertThatThrownBy(() -> taskService().complete(taskId, Map.of("approvalDecision", "approve", "approvalNotes", "ok", "hostname", "alibuild03")))
        .hasMessageContaining("variable 'hostname' cannot be set");
    assertThatThrownBy(() -> taskService().complete(taskId, Map.of("approvalDecision", "yes", "approvalNotes", "ok")))
        .hasMessageContaining("must be one of [approve, reject]");
    assertThatThrownBy(() -> taskService().complete(taskId, Map.of("approvalDecision", "reject")))
        .hasMessageContaining("needs variable 'approvalNotes'");
    assertThat(instance).isWaitingAt("user_task_approve").variables().containsEntry("hostname", "alibuild07");
  }

  @Test
  void aRejectionEndsTheRunbookWithoutActing() {
    ProcessInstance instance = startAs("operator1", "alibuild07");
    as("operator2");

    taskService().complete(task(instance).getId(), Map.of("approvalDecision", "reject", "approvalNotes", "not now"));

    assertThat(instance).isEnded().hasPassed("end_event_rejected");
    assertThat(instance).variables().containsEntry("approved", false).containsEntry("approver", "operator2");
    assertThat(actedOn).isEmpty();
  }

  @Test
  void withoutALoggedInUserTheAssigneeIsTheApprover() {
    ProcessInstance instance = startAs("operator1", "alibuild07");
    String taskId = task(instance).getId();
    identityService().clearAuthentication();

    assertThatThrownBy(() -> taskService().complete(taskId, approve())).hasMessageContaining("needs a logged-in approver");

    taskService().setAssignee(taskId, "operator2");
    taskService().complete(taskId, approve());
    assertThat(instance).variables().containsEntry("approver", "operator2");
  }

  private static Map<String, Object> approve() {
    return Map.of("approvalDecision", "approve", "approvalNotes", "checked with the team");
  }

  /**
   * Issue 15: the approval names its possible approvers (the candidate group's members except the
   * initiator) as candidate users, so that Tasklist's "Approvals waiting for me" (involvedUser =
   * current user) hides one's own runbooks; the group stays candidate.
   */
  @Test
  void theApprovalNamesEveryGroupMemberButTheRequesterAsCandidateUser() {
    List<String> users = List.of("operator1", "operator2", "operator3");
    // Group ids as CERN e-groups spell them, as application.yaml allows.
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) ENGINE.getProcessEngine().getProcessEngineConfiguration();
    String whitelist = configuration.getGroupResourceWhitelistPattern();
    configuration.setGroupResourceWhitelistPattern("[a-zA-Z0-9][a-zA-Z0-9._-]*");
    identityService().saveGroup(identityService().newGroup("alice-agile-admin"));
    for (String user : users) {
      identityService().saveUser(identityService().newUser(user));
      identityService().createMembership(user, "alice-agile-admin");
    }
    identityService().saveUser(identityService().newUser("outsider"));
    try {
      ProcessInstance instance = startAs("operator1", "alibuild07");
      String taskId = task(instance).getId();
      List<String> candidateUsers = new ArrayList<>();
      List<String> candidateGroups = new ArrayList<>();
      taskService().getIdentityLinksForTask(taskId).forEach(link -> {
        if (link.getUserId() != null) {
          candidateUsers.add(link.getUserId());
        } else {
          candidateGroups.add(link.getGroupId());
        }
      });
      assertThat(candidateUsers).containsExactlyInAnyOrder("operator2", "operator3");
      assertThat(candidateGroups).containsExactly("alice-agile-admin");
      assertThat(taskService().createTaskQuery().taskInvolvedUser("operator2").taskId(taskId).count()).isEqualTo(1);
      assertThat(taskService().createTaskQuery().taskInvolvedUser("operator1").taskId(taskId).count()).isZero();
    } finally {
      users.forEach(identityService()::deleteUser);
      identityService().deleteUser("outsider");
      identityService().deleteGroup("alice-agile-admin");
      configuration.setGroupResourceWhitelistPattern(whitelist);
    }
  }

  private static ProcessInstance startAs(String user, String hostname) {
    as(user);
    return runtimeService().startProcessInstanceByKey("approval-test", Map.of("hostname", hostname));
  }

  private static void as(String user) {
    identityService().setAuthenticatedUserId(user);
  }
}
