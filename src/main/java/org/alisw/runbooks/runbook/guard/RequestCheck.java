package org.alisw.runbooks.runbook.guard;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The checks a runbook's request must pass before anything happens. A runbook names its check's
 * bean on its process ({@code <camunda:property name="runbook.request-check" value="rebootRequest"/>})
 * and {@link RunbookGuardsPlugin} runs it as a builtin listener of the process start, which no
 * start option can skip. The delegate doing the side effect runs the same checks again.
 */
public interface RequestCheck {

  /**
   * Refuses a bad request with {@link org.alisw.runbooks.runbook.RequestRejected} (HTTP 400 from
   * the start form) and may complete a good one: defaults, ids resolved from names.
   */
  void checkAtStart(DelegateExecution execution);
}
