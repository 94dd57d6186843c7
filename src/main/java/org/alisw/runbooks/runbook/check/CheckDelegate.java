package org.alisw.runbooks.runbook.check;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One check of a check runbook: asks one port, records one {@link CheckItem} in the report. A
 * failing check never throws: whatever went wrong (the system refused, did not answer, the input
 * no longer passes its checks) becomes a failed item saying what to do, so the runbook always
 * reaches its pass/fail list.
 */
abstract class CheckDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(CheckDelegate.class);

  @Override
  public final void execute(DelegateExecution execution) {
    CheckItem item;
    try {
      item = check(execution);
    } catch (RuntimeException e) {
      item = failed(execution, e);
    }
    CheckReport.record(execution, item);
    LOG.info(
        "runbook={} instance={} check '{}' {}: {}",
        execution.getProcessDefinitionId(),
        execution.getProcessInstanceId(),
        item.name(),
        item.pass() ? "passed" : "FAILED",
        item.detail());
  }

  /** Runs the check; may throw, {@link #failed} turns that into the item. */
  abstract CheckItem check(DelegateExecution execution);

  /** The item of a check that threw {@code e}: its name, the message, what to do. */
  abstract CheckItem failed(DelegateExecution execution, RuntimeException e);

  /** The exception's message, or its type when it has none. */
  static String message(RuntimeException e) {
    return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
  }
}
