package org.alisw.runbooks.ops;

import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;

/**
 * Runs something once the engine's current transaction committed, never if it rolls back: a job
 * that fails and is retried neither counts twice nor notifies twice.
 */
public final class AfterCommit {

  private AfterCommit() {}

  /** Outside a command (a unit test calling a listener by hand) it runs at once. */
  public static void run(Runnable action) {
    CommandContext command = Context.getCommandContext();
    if (command == null) {
      action.run();
      return;
    }
    command.getTransactionContext().addTransactionListener(TransactionState.COMMITTED, c -> action.run());
  }
}
