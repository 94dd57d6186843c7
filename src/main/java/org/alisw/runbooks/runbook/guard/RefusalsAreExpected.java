package org.alisw.runbooks.runbook.guard;

import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextFactory;

/**
 * Makes the engine log a refused request the way it logs its own expected failures (a bad user
 * request, a missing authorization): at DEBUG, not as {@code ENGINE-16004 Exception while closing
 * command context} at ERROR with a stack trace. The listener that refused has already written one
 * WARN line naming user, runbook and reason. Done in the command context, by exception type, rather
 * than by a log filter matching the engine's message text: the type is exact, the text is not ours.
 * Engine-internal API ({@code CommandContext#shouldLogFine}, the same in Operaton), kept here.
 */
final class RefusalsAreExpected extends CommandContextFactory {

  @Override
  public CommandContext createCommandContext() {
    return new RefusalAwareCommandContext(processEngineConfiguration);
  }

  /** Whether {@code exception} is a refusal of the caller's input, not a failure of the engine. */
  static boolean isRefusal(Throwable exception) {
    return exception instanceof RequestRejected || exception instanceof PolicyViolation;
  }

  private static final class RefusalAwareCommandContext extends CommandContext {

    RefusalAwareCommandContext(ProcessEngineConfigurationImpl configuration) {
      super(configuration);
    }

    /** The engine wraps what a task listener throws (ENGINE-03051): the refusal is then a cause. */
    @Override
    protected boolean shouldLogFine(Throwable exception) {
      for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
        if (isRefusal(cause)) {
          return true;
        }
      }
      return super.shouldLogFine(exception);
    }
  }
}
