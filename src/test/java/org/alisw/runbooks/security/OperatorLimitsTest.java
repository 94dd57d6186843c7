package org.alisw.runbooks.security;

import static org.alisw.runbooks.security.SecuredEngine.ADMINS;
import static org.alisw.runbooks.security.SecuredEngine.OPERATORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator may not do although CREATE_INSTANCE and the candidate grants would let them:
 * run with authorization on, logged in as an operator, through the services REST calls.
 */
class OperatorLimitsTest {

  private static final String KEY = "limits";

  private ProcessEngine engine;
  private RuntimeService runtime;
  private TaskService tasks;

  @BeforeEach
  void startEngine() {
    SecurityProperties config =
        SecuredEngine.config(
            SecuredEngine.operator("operator1", "pw1"),
            SecuredEngine.operator("operator2", "pw2"),
            SecuredEngine.admin("boss", "pw3"));
    engine =
        SecuredEngine.build(
            "jdbc:h2:mem:limits-" + System.nanoTime(), SecuredEngine.plugins(config, ""));
    runtime = engine.getRuntimeService();
    tasks = engine.getTaskService();
    engine.getRepositoryService().createDeployment().addModelInstance(KEY + ".bpmn", runbook()).deploy();
  }

  @AfterEach
  void closeEngine() {
    engine.getIdentityService().clearAuthentication();
    engine.close();
  }

  /** A start check on the start event, a check task, then the step the check protects. */
  private static BpmnModelInstance runbook() {
    return Bpmn.createExecutableProcess(KEY)
        .camundaHistoryTimeToLive(1)
        .startEvent("start_event_requested")
        .camundaInitiator("initiator")
        .userTask("user_task_check")
        .camundaCandidateGroups(OPERATORS)
        .userTask("user_task_destructive_step")
        .camundaCandidateGroups(OPERATORS)
        .endEvent()
        .done();
  }

  private void loginAs(String user, String... groups) {
    engine.getIdentityService().setAuthentication(user, List.of(groups));
  }

  private long instances() {
    engine.getIdentityService().clearAuthentication();
    return runtime.createProcessInstanceQuery().count();
  }

  @Test
  void refusesAnOperatorStartingAtAChosenActivity() {
    loginAs("operator1", OPERATORS);
    assertThatThrownBy(
            () -> runtime.createProcessInstanceByKey(KEY).startBeforeActivity("user_task_destructive_step").execute())
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("may not start a runbook at a chosen activity");
    assertThat(instances()).isZero();
  }

  /** Starting at the first task while skipping listeners is how the start event's checks are skipped. */
  @Test
  void refusesAnOperatorStartSkippingListenersOrIoMappings() {
    loginAs("operator1", OPERATORS);
    assertThatThrownBy(
            () -> runtime.createProcessInstanceByKey(KEY).startBeforeActivity("user_task_check").execute(true, false))
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("skipping its listeners");
    assertThatThrownBy(
            () -> runtime.createProcessInstanceByKey(KEY).startBeforeActivity("user_task_check").execute(false, true))
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("skipping its listeners");
    assertThat(instances()).isZero();
  }

  @Test
  void refusesAnOperatorRestartingAnEndedInstance() {
    loginAs("operator1", OPERATORS);
    ProcessInstance ended = runtime.startProcessInstanceByKey(KEY);
    engine.getIdentityService().clearAuthentication();
    runtime.deleteProcessInstance(ended.getId(), "test");

    loginAs("operator1", OPERATORS);
    var restart =
        runtime.restartProcessInstances(ended.getProcessDefinitionId())
            .startBeforeActivity("user_task_destructive_step")
            .processInstanceIds(ended.getId());
    assertThatThrownBy(restart::execute)
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("may not restart a runbook instance");
    assertThatThrownBy(restart::executeAsync)
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("may not restart a runbook instance");
    assertThat(instances()).isZero();
  }

  @Test
  void letsAnOperatorStartARunbookFromItsStartEvent() {
    loginAs("operator1", OPERATORS);
    ProcessInstance started = runtime.startProcessInstanceByKey(KEY);

    assertThat(runtime.getVariable(started.getId(), "initiator")).isEqualTo("operator1");
    assertThat(tasks.createTaskQuery().processInstanceId(started.getId()).singleResult().getTaskDefinitionKey())
        .isEqualTo("user_task_check");
  }

  @Test
  void letsAnAdministratorStartAtAChosenActivity() {
    loginAs("boss", ADMINS, OPERATORS);
    ProcessInstance started =
        runtime.createProcessInstanceByKey(KEY).startBeforeActivity("user_task_destructive_step").execute();

    assertThat(tasks.createTaskQuery().processInstanceId(started.getId()).singleResult().getTaskDefinitionKey())
        .isEqualTo("user_task_destructive_step");
  }

  @Test
  void refusesAStartOnBehalfOfSomeoneElse() {
    loginAs("operator1", OPERATORS);
    assertThatThrownBy(
            () -> runtime.createProcessInstanceByKey(KEY).setVariable("initiator", "operator2").execute())
        .isInstanceOf(AuthorizationException.class)
        .hasMessageContaining("may not start a runbook on behalf of 'operator2'");
    assertThat(instances()).isZero();
  }

  /**
   * The engine's default grant to a task's candidates is UPDATE, which would let them rewrite what
   * the runbook decides on. (Name, priority and assignee stay changeable: TASK_ASSIGN allows them.)
   */
  @Test
  void letsACandidateClaimAndCompleteATaskButNotChangeItsVariables() {
    loginAs("operator1", OPERATORS);
    ProcessInstance started = runtime.startProcessInstanceByKey(KEY);
    loginAs("operator2", OPERATORS);
    Task task = tasks.createTaskQuery().processInstanceId(started.getId()).singleResult();

    assertThatThrownBy(() -> tasks.setVariable(task.getId(), "approved", true))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> tasks.setVariableLocal(task.getId(), "approved", true))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> tasks.removeVariable(task.getId(), "initiator"))
        .isInstanceOf(AuthorizationException.class);

    tasks.claim(task.getId(), "operator2");
    tasks.complete(task.getId());
    assertThat(tasks.createTaskQuery().processInstanceId(started.getId()).singleResult().getTaskDefinitionKey())
        .isEqualTo("user_task_destructive_step");
  }
}
