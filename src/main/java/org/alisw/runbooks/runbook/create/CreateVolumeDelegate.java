package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_ID;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.openstack.VolumeRequest;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * ai-bs's {@code --nova-attach-new-volume vdb=500GB:type=io1}: the Cinder volume {@code
 * <fqdn>_vol_001}, created before the boot, tagged with this runbook instance so that a repeated
 * job (or a second boot after a failed one) adopts it instead of making another.
 */
@Component("createVolume")
class CreateVolumeDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(CreateVolumeDelegate.class);

  private final CloudPort cloud;
  private final CreateRules rules;

  CreateVolumeDelegate(CloudPort cloud, CreateRules rules) {
    this.cloud = cloud;
    this.rules = rules;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String hostname = RunbookVariables.required(execution, HOSTNAME);
      VolumeRequest request =
          VolumeRequest.beforeBoot(
              hostname + "." + rules.settings().domain(), 1, ProvisionRequest.volume(execution), execution.getProcessInstanceId());
      CloudVolume volume = cloud.ensureVolume(RunbookVariables.required(execution, PROJECT), request);
      execution.setVariable(VOLUME_ID, volume.id());
      ProvisionSteps.log(LOG, execution, hostname, "volume {} ({}, {}) is {}", volume.name(), volume.id(), request.spec(), volume.status());
    });
  }
}
