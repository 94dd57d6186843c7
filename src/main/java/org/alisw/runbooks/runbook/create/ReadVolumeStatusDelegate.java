package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_STATUS;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudRejectedException;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look at the new volume, for the timer loop that waits until it is {@code available} (ai-bs
 * polls every 5 s); a volume in {@code error} or gone goes to an operator.
 */
@Component("readNewVolumeStatus")
class ReadVolumeStatusDelegate implements JavaDelegate {

  private final CloudPort cloud;

  ReadVolumeStatusDelegate(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String volumeId = RunbookVariables.required(execution, VOLUME_ID);
      CloudVolume volume =
          cloud.volume(RunbookVariables.required(execution, PROJECT), volumeId)
              .orElseThrow(() -> new CloudRejectedException("Volume " + volumeId + " vanished before the boot.", 404));
      if (volume.status().startsWith("error")) {
        throw new CloudRejectedException("Volume " + volume.name() + " (" + volumeId + ") is in " + volume.status() + ".", 409);
      }
      execution.setVariable(VOLUME_STATUS, volume.status());
    });
  }
}
