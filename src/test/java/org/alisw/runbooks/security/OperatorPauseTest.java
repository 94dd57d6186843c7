package org.alisw.runbooks.security;

import static org.alisw.runbooks.security.SecuredEngine.OPERATORS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.SuspendedEntityInteractionException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operators pause and resume runbooks (suspend and activate an instance, as Cockpit and REST do)
 * with authorization on, and nothing wider: not the definition, not the instance's variables.
 */
class OperatorPauseTest {

  private static final String KEY = "pausable";

  private ProcessEngine engine;
  private RuntimeService runtime;

  @BeforeEach
  void startEngine() {
    engine =
        SecuredEngine.build(
            "jdbc:h2:mem:pause-" + System.nanoTime(),
            SecuredEngine.plugins(SecuredEngine.config(SecuredEngine.operator("operator1", "pw1")), ""));
    runtime = engine.getRuntimeService();
    engine.getRepositoryService()
        .createDeployment()
        .addModelInstance(
            KEY + ".bpmn",
            Bpmn.createExecutableProcess(KEY)
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .camundaInitiator("initiator")
                .userTask("user_task_wait")
                .camundaCandidateGroups(OPERATORS)
                .endEvent()
                .done())
        .deploy();
    engine.getIdentityService().setAuthentication("operator1", List.of(OPERATORS));
  }

  @AfterEach
  void closeEngine() {
    engine.getIdentityService().clearAuthentication();
    engine.close();
  }

  private boolean suspended(String id) {
    return runtime.createProcessInstanceQuery().processInstanceId(id).singleResult().isSuspended();
  }

  @Test
  void anOperatorSuspendsAndActivatesARunbook() {
    ProcessInstance instance = runtime.startProcessInstanceByKey(KEY);

    runtime.updateProcessInstanceSuspensionState().byProcessInstanceId(instance.getId()).suspend();

    assertThat(suspended(instance.getId())).isTrue();
    String task = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).singleResult().getId();
    assertThatThrownBy(() -> engine.getTaskService().complete(task))
        .isInstanceOf(SuspendedEntityInteractionException.class);

    runtime.activateProcessInstanceById(instance.getId());

    assertThat(suspended(instance.getId())).isFalse();
    engine.getTaskService().complete(task);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isZero();
  }

  @Test
  void anOperatorMayNotSuspendTheRunbookItself() {
    assertThatThrownBy(() -> engine.getRepositoryService().suspendProcessDefinitionByKey(KEY))
        .isInstanceOf(AuthorizationException.class);
    // SUSPEND_INSTANCE covers every instance of a runbook: pausing them all at once (an outage)
    // is allowed, and new runbooks still start.
    runtime.startProcessInstanceByKey(KEY);
    runtime.suspendProcessInstanceByProcessDefinitionKey(KEY);
    assertThat(runtime.createProcessInstanceQuery().suspended().count()).isOne();
    assertThat(runtime.startProcessInstanceByKey(KEY).isSuspended()).isFalse();
  }

  @Test
  void suspendingGrantsNoWayToChangeARunbook() {
    ProcessInstance instance = runtime.startProcessInstanceByKey(KEY);
    runtime.suspendProcessInstanceById(instance.getId());

    assertThatThrownBy(() -> runtime.setVariable(instance.getId(), "hostname", "alibuild03"))
        .isInstanceOf(AuthorizationException.class);
    assertThatThrownBy(() -> runtime.deleteProcessInstance(instance.getId(), "gone"))
        .isInstanceOf(AuthorizationException.class);
  }
}
