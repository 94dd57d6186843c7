package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.VOLUME_ID;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.VOLUME_STATUS;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** One look at a recorded volume for the loop that waits until it is available, then gone. */
@Component("readRecordedVolumeStatus")
class ReadVolumeStatusDelegate implements JavaDelegate {

  static final String GONE = "gone";

  private final CloudPort cloud;

  ReadVolumeStatusDelegate(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String volumeId = RunbookVariables.required(execution, VOLUME_ID);
      String status = cloud.volume(RunbookVariables.required(execution, PROJECT), volumeId).map(CloudVolume::status).orElse(GONE);
      if (status.startsWith("error")) {
        throw new RequestRejected(VOLUME_ID, "Volume " + volumeId + " is in status " + status + ": Cinder cannot delete it as it is.");
      }
      execution.setVariable(VOLUME_STATUS, status);
    });
  }
}
