package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.VOLUMES_RECORDED_FOR;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.VOLUMES_TO_DELETE;

import java.util.List;
import java.util.TreeSet;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.runbook.approval.ApprovalVoid;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Records the volumes attached to the server before it is deleted (ai-kill never prints them, and
 * after the delete nothing links them to the server). They must be exactly the approved plan's;
 * recorded once per approved plan, so a retry after the delete does not record "none".
 */
@Component("recordVolumes")
class RecordVolumesDelegate implements JavaDelegate {

  private final CloudPort cloud;
  private final LifecycleChecks checks;

  RecordVolumesDelegate(CloudPort cloud, LifecycleChecks checks) {
    this.cloud = cloud;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> record(execution));
  }

  private void record(DelegateExecution execution) {
    ApprovedPlan plan = ApprovedPlan.check(execution, LifecycleVariables.DELETE_PLAN_INPUTS);
    Object hash = execution.getVariable(FrozenPlan.PLAN_HASH);
    if (hash.equals(execution.getVariable(VOLUMES_RECORDED_FOR))) {
      return;
    }
    String hostname = plan.get(HOSTNAME);
    String serverId = plan.get(SERVER_ID);
    checks.deleteAllowed(hostname);
    List<String> planned = VolumeRules.planned(plan);
    List<CloudVolume> attached = cloud.volumesOf(plan.get(PROJECT), serverId);
    if (!new TreeSet<>(planned).equals(new TreeSet<>(attached.stream().map(CloudVolume::id).toList()))) {
      throw new ApprovalVoid("The volumes attached to " + hostname + " are now " + attached.stream().map(CloudVolume::id).toList()
          + ", the approved plan deletes " + planned + ".");
    }
    for (CloudVolume volume : attached) {
      VolumeRules.requireDeletable(checks, volume, id -> id.equals(serverId) ? hostname : null);
    }
    execution.setVariable(VOLUMES_TO_DELETE, FrozenPlan.toJson(java.util.Map.of("ids", planned)));
    execution.setVariable(VOLUMES_RECORDED_FOR, hash);
  }
}
