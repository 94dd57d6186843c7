package org.alisw.runbooks.runbook.guard;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Idempotency keyed on the runbook's step, not on the target's state: {@code
 * <instance>/<step>/<n>}, where n is one more than the requests of that step this instance made
 * so far. A retried job (rolled back, counter unchanged) sends the same key, so the adapter can
 * see that its request already went through; an operator's explicit "again" comes after the
 * counter moved on, so it sends a new key and the request is made even if the target looks busy.
 */
public final class StepKey {

  private StepKey() {}

  /** The key of this step's next request; {@code counter} holds the requests made so far. */
  public static String next(DelegateExecution execution, String step, String counter) {
    return execution.getProcessInstanceId() + "/" + step + "/" + (made(execution, counter) + 1);
  }

  /** Records that the request under {@link #next} was made (or found already made). */
  public static void recordMade(DelegateExecution execution, String counter) {
    execution.setVariable(counter, made(execution, counter) + 1);
  }

  private static int made(DelegateExecution execution, String counter) {
    Object value = execution.getVariable(counter);
    return value instanceof Number n ? n.intValue() : 0;
  }
}
