package org.alisw.runbooks.runbook.guard;

import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a task completion that writes anything but the task's declared inputs, or invalid ones.
 * The refusal rolls back the whole completion, variables included (same transaction).
 */
final class TaskInputsListener implements TaskListener {

  private static final Logger LOG = LoggerFactory.getLogger(TaskInputsListener.class);

  private final TaskInputs inputs;

  TaskInputsListener(TaskInputs inputs) {
    this.inputs = inputs;
  }

  @Override
  public void notify(DelegateTask task) {
    try {
      inputs.check(task.getName(), WrittenVariables.inThisCommand(task.getProcessInstanceId()));
    } catch (RequestRejected refused) {
      LOG.warn(
          "runbook={} instance={} task={} user={}: completion refused: {}",
          task.getProcessDefinitionId(),
          task.getProcessInstanceId(),
          task.getTaskDefinitionKey(),
          Context.getCommandContext().getAuthenticatedUserId(),
          refused.getMessage());
      throw refused;
    }
  }
}
