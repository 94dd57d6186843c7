package org.alisw.runbooks.runbook;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.REASON;

import java.util.Set;
import java.util.TreeSet;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.PolicyViolation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Refuses a reboot request before anything happens when the name is invalid, the project unknown,
 * the reason missing or no such server exists: the start form (or REST call) fails with a 400 and the reason, and no instance is left.
 */
@Component("validateRebootRequest")
class ValidateRebootRequestListener implements ExecutionListener {

  private final CloudPort cloud;
  private final HostNamePolicy hostNames;
  private final String defaultProject;
  private final Set<String> projects;

  @Autowired
  ValidateRebootRequestListener(CloudPort cloud, HostNamePolicy hostNames, OpenStackProperties openStack) {
    this(cloud, hostNames, openStack.defaultProject(), openStack.projects().keySet());
  }

  ValidateRebootRequestListener(
      CloudPort cloud, HostNamePolicy hostNames, String defaultProject, Set<String> projects) {
    this.cloud = cloud;
    this.hostNames = hostNames;
    this.defaultProject = defaultProject;
    this.projects = Set.copyOf(projects);
  }

  @Override
  public void notify(DelegateExecution execution) {
    String hostname = validHostname(execution);
    String project = validProject(execution);
    if (RunbookVariables.stringOr(execution, REASON, null) == null) {
      throw new RequestRejected(REASON, "Say why the server should be rebooted (variable 'reason').");
    }
    if (cloud.findServer(project, hostname).isEmpty()) {
      throw new RequestRejected(
          HOSTNAME,
          "No server named " + hostname + " in OpenStack project " + project
              + ": check the name with 'openstack server list'.");
    }
    execution.setVariable(PROJECT, project);
  }

  private String validProject(DelegateExecution execution) {
    String project = RunbookVariables.stringOr(execution, PROJECT, defaultProject);
    if (!projects.contains(project)) {
      throw new RequestRejected(
          PROJECT, "Unknown OpenStack project '" + project + "': use one of " + new TreeSet<>(projects) + ".");
    }
    return project;
  }

  private String validHostname(DelegateExecution execution) {
    try {
      return hostNames.requireValid(RunbookVariables.stringOr(execution, HOSTNAME, null));
    } catch (PolicyViolation violation) {
      throw new RequestRejected(HOSTNAME, violation.getMessage());
    }
  }
}
