package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_STATUS;

import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look at the volume this runbook created, for the clean-up's loop that waits until Nova has
 * let go of it: {@code volumeStatus} is Cinder's status, or {@code deleted} when there is no volume
 * (none asked for, never recorded, or gone). Who made it is checked by the delete itself.
 */
@Component("readCreatedVolume")
class ReadCreatedVolumeDelegate implements JavaDelegate {

  static final String DELETED = "deleted";

  private final CloudPort cloud;

  ReadCreatedVolumeDelegate(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String volumeId = RunbookVariables.stringOr(execution, VOLUME_ID, null);
      Optional<CloudVolume> volume =
          volumeId == null ? Optional.empty() : cloud.volume(RunbookVariables.required(execution, PROJECT), volumeId);
      execution.setVariable(VOLUME_STATUS, volume.map(CloudVolume::status).orElse(DELETED));
    });
  }
}
