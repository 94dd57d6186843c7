package org.alisw.runbooks.runbook;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.PolicyViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses a reboot request before anything happens when the name is invalid or no such server
 * exists: the start form (or REST call) fails with a 400 and the reason, and no instance is left.
 */
@Component("validateRebootRequest")
class ValidateRebootRequestListener implements ExecutionListener {

  private final CloudPort cloud;
  private final HostNamePolicy hostNames;
  private final String defaultProject;

  ValidateRebootRequestListener(
      CloudPort cloud,
      HostNamePolicy hostNames,
      @Value("${runbooks.openstack.default-project:release-testing}") String defaultProject) {
    this.cloud = cloud;
    this.hostNames = hostNames;
    this.defaultProject = defaultProject;
  }

  @Override
  public void notify(DelegateExecution execution) {
    String hostname = validHostname(execution);
    String project = RunbookVariables.stringOr(execution, PROJECT, defaultProject);
    if (cloud.findServer(project, hostname).isEmpty()) {
      throw new RequestRejected(
          HOSTNAME,
          "No server named " + hostname + " in OpenStack project " + project
              + ": check the name with 'openstack server list'.");
    }
    execution.setVariable(PROJECT, project);
  }

  private String validHostname(DelegateExecution execution) {
    try {
      return hostNames.requireValid(RunbookVariables.stringOr(execution, HOSTNAME, null));
    } catch (PolicyViolation violation) {
      throw new RequestRejected(HOSTNAME, violation.getMessage());
    }
  }
}
