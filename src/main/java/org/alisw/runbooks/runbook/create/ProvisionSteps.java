package org.alisw.runbooks.runbook.create;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;

/** The one log line per step: runbook, instance, host, what. */
final class ProvisionSteps {

  private ProvisionSteps() {}

  static void log(Logger log, DelegateExecution execution, String hostname, String what, Object... args) {
    if (log.isInfoEnabled()) {
      log.info(
          "runbook={} instance={} host={} {}",
          execution.getProcessDefinitionId(),
          execution.getProcessInstanceId(),
          hostname,
          org.slf4j.helpers.MessageFormatter.arrayFormat(what, args).getMessage());
    }
  }
}
