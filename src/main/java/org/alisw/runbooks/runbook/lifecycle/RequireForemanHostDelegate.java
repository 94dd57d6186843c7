package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ai-rebuild-vm's first step: Foreman must know the host ("VM not rebuilt" otherwise); nothing is changed there. */
@Component("requireForemanHost")
class RequireForemanHostDelegate implements JavaDelegate {

  private final ConfigManagementPort foreman;

  RequireForemanHostDelegate(ConfigManagementPort foreman) {
    this.foreman = foreman;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> {
      String hostname = ApprovedPlan.checkPassed(execution, LifecycleVariables.REBUILD_PLAN_INPUTS).get(HOSTNAME);
      Refused.translate(HOSTNAME, () -> foreman.requireHost(hostname));
    });
  }
}
