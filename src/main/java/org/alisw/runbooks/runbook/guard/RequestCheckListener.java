package org.alisw.runbooks.runbook.guard;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.Expression;

/** Runs the declared {@link RequestCheck} bean when an instance of the process starts. */
final class RequestCheckListener implements ExecutionListener {

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
    requestCheck.checkAtStart(execution);
  }
}
