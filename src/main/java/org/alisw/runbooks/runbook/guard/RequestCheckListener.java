package org.alisw.runbooks.runbook.guard;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the declared {@link RequestCheck} bean when an instance of the process starts. */
final class RequestCheckListener implements ExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(RequestCheckListener.class);

  private final String beanName;
  private final Expression bean;

  RequestCheckListener(String beanName, Expression bean) {
    this.beanName = beanName;
    this.bean = bean;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Object check = bean.getValue(execution);
    if (!(check instanceof RequestCheck requestCheck)) {
      throw new IllegalStateException(
          "runbook.request-check names bean '" + beanName + "', which is not a RequestCheck: " + check);
    }
    try {
      TextFields.check(execution);
      requestCheck.checkAtStart(execution);
    } catch (RuntimeException refused) {
      if (RefusalsAreExpected.isRefusal(refused)) {
        // The one line a refusal leaves in the log: the engine logs it at DEBUG only.
        CommandContext context = Context.getCommandContext();
        LOG.warn(
            "runbook={} user={}: start refused: {}",
            execution.getProcessDefinitionId(),
            context == null ? null : context.getAuthenticatedUserId(),
            refused.getMessage());
      }
      throw refused;
    }
  }
}
