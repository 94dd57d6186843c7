package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.REBUILT;

import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The start check of rebuild-vm, a runbook called by others (rebuild-agent, rebuild-master): what
 * its caller must pass. A valid, rebuildable host name, a configured project, the server's id and an
 * approved plan with its hash. Whether the plan still matches is checked by every step before it
 * acts ({@code APPROVAL_VOID} back to the caller's approval).
 */
@Component("rebuildVmRequest")
class RebuildVmRequest implements RequestCheck {

  private final LifecycleChecks checks;

  RebuildVmRequest(LifecycleChecks checks) {
    this.checks = checks;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String hostname = checks.hostname(execution);
    checks.rebuildAllowed(hostname);
    checks.project(execution);
    checks.serverId(execution);
    if (!(execution.getVariable(FrozenPlan.PLAN) instanceof String) || execution.getVariable(FrozenPlan.PLAN_HASH) == null) {
      throw new RequestRejected(FrozenPlan.PLAN, "rebuild-vm acts only on an approved plan: pass 'plan' and 'planHash'.");
    }
    execution.setVariable(REBUILT, false);
  }
}
