package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.VOLUME_ID;

import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Delete the previously attached volumes", one volume: only one the approved plan lists, and never
 * one attached to (whatever server it hangs on now, by Cinder's attachment) or named after a
 * protected host. A volume already gone is fine.
 */
@Component("deleteVolume")
class DeleteVolumeDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteVolumeDelegate.class);

  private final CloudPort cloud;
  private final LifecycleChecks checks;

  DeleteVolumeDelegate(CloudPort cloud, LifecycleChecks checks) {
    this.cloud = cloud;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> {
      ApprovedPlan plan = ApprovedPlan.check(execution, LifecycleVariables.DELETE_PLAN_INPUTS);
      String project = plan.get(PROJECT);
      String volumeId = RunbookVariables.required(execution, VOLUME_ID);
      if (!VolumeRules.planned(plan).contains(volumeId)) {
        throw new RequestRejected(VOLUME_ID, "Volume " + volumeId + " is not one the approved plan deletes: refused.");
      }
      Optional<CloudVolume> volume = cloud.volume(project, volumeId);
      if (volume.isEmpty()) {
        return;
      }
      VolumeRules.requireDeletable(checks, volume.get(), serverId -> cloud.server(project, serverId).map(CloudServer::name).orElse(null));
      LOG.info("runbook={} instance={} deleting volume {} ({})", execution.getProcessDefinitionId(),
          execution.getProcessInstanceId(), volumeId, volume.get().name());
      cloud.deleteVolume(project, volumeId);
    });
  }
}
