package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ai-kill's Foreman part: delete the host; one already gone is done (ai-kill would exit 20). */
@Component("deleteForemanHost")
class DeleteForemanHostDelegate implements JavaDelegate {

  private final ConfigManagementPort foreman;
  private final LifecycleChecks checks;

  DeleteForemanHostDelegate(ConfigManagementPort foreman, LifecycleChecks checks) {
    this.foreman = foreman;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> {
      String hostname = ApprovedPlan.check(execution, LifecycleVariables.DELETE_PLAN_INPUTS).get(HOSTNAME);
      checks.deleteAllowed(hostname);
      Refused.translate(HOSTNAME, () -> foreman.delete(hostname));
    });
  }
}
