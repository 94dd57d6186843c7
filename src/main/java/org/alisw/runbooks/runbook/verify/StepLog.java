package org.alisw.runbooks.runbook.verify;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;

/** One log line per step: runbook, instance, host, then what happened. */
final class StepLog {

  private StepLog() {}

  static void info(Logger log, DelegateExecution execution, String host, String what, Object... args) {
    if (log.isInfoEnabled()) {
      log.info(
          "runbook={} instance={} host={} " + what,
          prepend(execution.getProcessDefinitionId(), execution.getProcessInstanceId(), host, args));
    }
  }

  private static Object[] prepend(Object a, Object b, Object c, Object[] rest) {
    Object[] all = new Object[rest.length + 3];
    all[0] = a;
    all[1] = b;
    all[2] = c;
    System.arraycopy(rest, 0, all, 3, rest.length);
    return all;
  }
}
