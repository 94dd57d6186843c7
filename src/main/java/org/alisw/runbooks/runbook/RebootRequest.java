package org.alisw.runbooks.runbook;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.REASON;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import java.util.Set;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The checks of a reboot request, shared by the start (builtin listener, see {@link
 * RequestCheck}) and the hard reboot step, which runs them again right before the side effect:
 * a valid server name, a configured project, a reason, and a server of that name in Nova. At start
 * the server's id is stored; before the reboot the name must still name that very server.
 */
@Component("rebootRequest")
class RebootRequest implements RequestCheck {

  /** The quick look-up inside the start transaction (short timeout); the step uses the port. */
  private final CloudLookup startLookup;
  private final CloudPort cloud;
  private final HostNamePolicy hostNames;
  private final String defaultProject;
  private final Set<String> projects;

  @Autowired
  RebootRequest(
      CloudLookup startLookup, CloudPort cloud, HostNamePolicy hostNames, OpenStackProperties openStack) {
    this(startLookup, cloud, hostNames, openStack.defaultProject(), openStack.projects().keySet());
  }

  RebootRequest(
      CloudLookup startLookup,
      CloudPort cloud,
      HostNamePolicy hostNames,
      String defaultProject,
      Set<String> projects) {
    this.startLookup = startLookup;
    this.cloud = cloud;
    this.hostNames = hostNames;
    this.defaultProject = defaultProject;
    this.projects = Set.copyOf(projects);
  }

  /** Refuses a bad request before any instance exists; stores the project and the server's id. */
  @Override
  public void checkAtStart(DelegateExecution execution) {
    String hostname = validHostname(execution);
    String project = validProject(execution);
    requireReason(execution);
    CloudServer server = RequestFields.server(startLookup, project, hostname, RequestFields.CHECK_THE_NAME);
    execution.setVariable(PROJECT, project);
    execution.setVariable(SERVER_ID, server.id());
  }

  /**
   * The same checks again, right before the reboot, and the server validated at start: refused
   * when it is gone or when {@code hostname} now names another server.
   */
  CloudServer checkBeforeReboot(VariableScope variables) {
    String hostname = validHostname(variables);
    String project = validProject(variables);
    requireReason(variables);
    return RequestFields.sameServer(cloud, project, hostname, RequestFields.storedServerId(variables), "reboot");
  }

  private static void requireReason(VariableScope variables) {
    if (RunbookVariables.stringOr(variables, REASON, null) == null) {
      throw new RequestRejected(REASON, "Say why the server should be rebooted (variable 'reason').");
    }
  }

  private String validProject(VariableScope variables) {
    return RequestFields.project(variables, defaultProject, projects);
  }

  private String validHostname(VariableScope variables) {
    return RequestFields.hostname(variables, hostNames);
  }
}
