package org.alisw.runbooks.runbook;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.REBOOTS_REQUESTED;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.guard.StepKey;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code openstack server reboot --hard <server name>}, on the server validated at start, after
 * the start checks ran again; one request per round of the runbook ({@link StepKey}).
 */
@Component("hardRebootServer")
class HardRebootServerDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(HardRebootServerDelegate.class);
  static final String STEP = "reboot";

  private final CloudPort cloud;
  private final RebootRequest request;

  HardRebootServerDelegate(CloudPort cloud, RebootRequest request) {
    this.cloud = cloud;
    this.request = request;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> reboot(execution));
  }

  private void reboot(DelegateExecution execution) {
    CloudServer server = request.checkBeforeReboot(execution);
    String key = StepKey.next(execution, STEP, REBOOTS_REQUESTED);
    LOG.info(
        "runbook={} instance={} host={} hard reboot {} (status {})",
        execution.getProcessDefinitionId(),
        execution.getProcessInstanceId(),
        server.name(),
        key,
        server.status());
    cloud.hardReboot(RunbookVariables.required(execution, PROJECT), server.id(), key);
    StepKey.recordMade(execution, REBOOTS_REQUESTED);
  }
}
