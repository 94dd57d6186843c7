package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_ID;

import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Delete everything this runbook created", the volume (which ai-bs leaves behind): only the one
 * whose metadata names this runbook instance, and only once nothing holds it any more. Gone is fine.
 */
@Component("deleteCreatedVolume")
class DeleteCreatedVolumeDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteCreatedVolumeDelegate.class);

  private final CloudPort cloud;

  DeleteCreatedVolumeDelegate(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String project = RunbookVariables.required(execution, PROJECT);
      String volumeId = RunbookVariables.required(execution, VOLUME_ID);
      Optional<CloudVolume> volume = cloud.volume(project, volumeId);
      if (volume.isEmpty()) {
        return;
      }
      String madeBy = volume.get().metadata().get(CloudPort.INSTANCE_METADATA_KEY);
      if (!execution.getProcessInstanceId().equals(madeBy)) {
        throw new RequestRejected(VOLUME_ID, "Volume " + volume.get().name() + " (" + volumeId
            + ") was not created by this runbook (" + madeBy + "): not deleting it.");
      }
      if (!volume.get().attachments().isEmpty()) {
        throw new RequestRejected(VOLUME_ID, "Volume " + volume.get().name() + " (" + volumeId
            + ") is still attached to " + volume.get().attachments().get(0).serverId() + ": not deleting it.");
      }
      cloud.deleteVolume(project, volumeId);
      ProvisionSteps.log(LOG, execution, RunbookVariables.required(execution, HOSTNAME),
          "deleted volume {} ({}) (clean-up)", volume.get().name(), volumeId);
    });
  }
}
