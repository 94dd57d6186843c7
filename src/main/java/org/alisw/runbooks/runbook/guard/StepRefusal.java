package org.alisw.runbooks.runbook.guard;

import org.alisw.runbooks.openstack.CloudRejectedException;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a step so that failures no retry can cure (OpenStack refused it or found nothing, a safety
 * rule forbids it, the request no longer passes its checks) become the BPMN error {@value
 * #ERROR_CODE} with the message in {@value #MESSAGE_VARIABLE}: the runbook catches it and hands
 * over to a human task, instead of three retries and an incident operators cannot clear.
 */
public final class StepRefusal {

  /** The error code the runbook's boundary error event catches. */
  public static final String ERROR_CODE = "STEP_REFUSED";
  /** The refused step's message; removed again when a guarded step succeeds. */
  public static final String MESSAGE_VARIABLE = "stepRefusal";

  private static final Logger LOG = LoggerFactory.getLogger(StepRefusal.class);

  private StepRefusal() {}

  /** Runs {@code step}; an incurable failure becomes {@link BpmnError} {@value #ERROR_CODE}. */
  public static void guard(DelegateExecution execution, Runnable step) {
    try {
      step.run();
    } catch (CloudRejectedException | PolicyViolation | RequestRejected refused) {
      LOG.warn(
          "runbook={} instance={} step={} refused, handed to an operator: {}",
          execution.getProcessDefinitionId(),
          execution.getProcessInstanceId(),
          execution.getCurrentActivityId(),
          refused.getMessage());
      execution.setVariable(MESSAGE_VARIABLE, refused.getMessage());
      throw new BpmnError(ERROR_CODE, refused.getMessage());
    }
    if (execution.hasVariable(MESSAGE_VARIABLE)) {
      execution.removeVariable(MESSAGE_VARIABLE);
    }
  }
}
