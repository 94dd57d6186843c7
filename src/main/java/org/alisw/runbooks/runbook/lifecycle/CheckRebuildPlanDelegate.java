package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Right before handing the approved plan to rebuild-vm: it was approved by someone other than the
 * requester, nothing it depends on changed since ({@code hostname}, {@code project}, {@code
 * serverId}, {@code image}), the host is not protected, and its name still names the planned server.
 */
@Component("checkRebuildPlan")
class CheckRebuildPlanDelegate implements JavaDelegate {

  private final CloudPort cloud;
  private final LifecycleChecks checks;

  CheckRebuildPlanDelegate(CloudPort cloud, LifecycleChecks checks) {
    this.cloud = cloud;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> {
      ApprovedPlan plan = ApprovedPlan.check(execution, LifecycleVariables.REBUILD_PLAN_INPUTS);
      checks.rebuildAllowed(plan.get(HOSTNAME));
      LifecycleChecks.sameServer(cloud, plan.get(PROJECT), plan.get(HOSTNAME), plan.get(SERVER_ID));
    });
  }
}
