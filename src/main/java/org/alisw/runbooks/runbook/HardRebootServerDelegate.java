package org.alisw.runbooks.runbook;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** {@code openstack server reboot --hard <server name>}. */
@Component("hardRebootServer")
class HardRebootServerDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(HardRebootServerDelegate.class);

  private final CloudPort cloud;
  private final HostNamePolicy hostNames;

  HardRebootServerDelegate(CloudPort cloud, HostNamePolicy hostNames) {
    this.cloud = cloud;
    this.hostNames = hostNames;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // Checked again right before the side effect: variables can change after the start check.
    String hostname = hostNames.requireValid(RunbookVariables.required(execution, HOSTNAME));
    String project = RunbookVariables.required(execution, PROJECT);
    CloudServer server =
        cloud
            .findServer(project, hostname)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No server named " + hostname + " in OpenStack project " + project));
    LOG.info(
        "runbook={} instance={} host={} hard reboot (status {})",
        execution.getProcessDefinitionId(),
        execution.getProcessInstanceId(),
        hostname,
        server.status());
    cloud.hardReboot(project, server.id());
    execution.setVariable(SERVER_ID, server.id());
  }
}
