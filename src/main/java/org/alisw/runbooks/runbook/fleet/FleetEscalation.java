package org.alisw.runbooks.runbook.fleet;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a runbook called by a fleet rebuild with {@code fleetUnattended = true} (rebuild-vm,
 * verify-host), a user task about to ask an operator (investigate, confirm a key, report puppet
 * errors) is not created: it becomes the BPMN error {@value #ERROR_CODE}, which rebuild-agents-host
 * catches on its call activity. The host then goes to its own report task in the fleet and its slot
 * takes the next host, instead of holding one of the k places while it waits for a human. What the
 * callee knew (its refusal, Nova's fault, puppet runs) is handed to the caller first. Runbooks
 * started any other way are untouched.
 */
final class FleetEscalation implements TaskListener {

  /** The error rebuild-agents-host catches on its call activities. */
  static final String ERROR_CODE = "OPERATOR_NEEDED";
  /** What the callee knew, copied to the calling execution before the callee is ended. */
  static final List<String> HANDED_OVER = List.of("stepRefusal", "serverStatus", "serverFault", "puppetAttemptsUsed", "puppetExitCode");

  private static final Logger LOG = LoggerFactory.getLogger(FleetEscalation.class);

  @Override
  public void notify(DelegateTask task) {
    DelegateExecution instance = task.getExecution().getProcessInstance();
    if (!Boolean.TRUE.equals(instance.getVariableLocal(FleetVariables.UNATTENDED)) || instance.getSuperExecution() == null) {
      return;
    }
    String runbook = task.getProcessDefinitionId().split(":")[0];
    List<String> known = new ArrayList<>();
    for (String name : HANDED_OVER) {
      Object value = instance.getVariable(name);
      if (value != null) {
        instance.getSuperExecution().setVariable(name, value);
        if (value instanceof String text && !text.isBlank()) {
          known.add(name + ": " + text);
        }
      }
    }
    String message = runbook + " needs an operator at '" + task.getName() + "'" + (known.isEmpty() ? "" : " (" + String.join("; ", known) + ")");
    LOG.warn("runbook={} instance={} task={}: called by a fleet rebuild, handed back to it: {}",
        task.getProcessDefinitionId(), task.getProcessInstanceId(), task.getTaskDefinitionKey(), message);
    throw new BpmnError(ERROR_CODE, message);
  }
}
