package org.alisw.runbooks.runbook.master;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.REASON;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import java.util.Set;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.MasterQuorum;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.policy.ProtectedHosts;
import org.alisw.runbooks.runbook.RequestFields;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The checks of a rebuild-master request, at start (builtin listener) and again right before the
 * rebuild: a valid name that is one of the configured masters and not protected from rebuilds, a
 * configured project, a reason, the server in Nova (its id stored at start, the same server
 * required later), and the guide's "make sure that the other two masters are properly
 * functioning" ({@link MasterQuorum}, settled over its window).
 */
@Component("rebuildMasterRequest")
class RebuildMasterRequest implements RequestCheck {

  private final CloudLookup startLookup;
  private final CloudPort cloud;
  private final HostNamePolicy hostNames;
  private final ProtectedHosts protectedHosts;
  private final MasterQuorum quorum;
  private final String defaultProject;
  private final Set<String> projects;

  @Autowired
  RebuildMasterRequest(
      CloudLookup startLookup,
      CloudPort cloud,
      HostNamePolicy hostNames,
      ProtectedHosts protectedHosts,
      MasterQuorum quorum,
      OpenStackProperties openStack) {
    this(startLookup, cloud, hostNames, protectedHosts, quorum, openStack.defaultProject(), openStack.projects().keySet());
  }

  RebuildMasterRequest(
      CloudLookup startLookup,
      CloudPort cloud,
      HostNamePolicy hostNames,
      ProtectedHosts protectedHosts,
      MasterQuorum quorum,
      String defaultProject,
      Set<String> projects) {
    this.startLookup = startLookup;
    this.cloud = cloud;
    this.hostNames = hostNames;
    this.protectedHosts = protectedHosts;
    this.quorum = quorum;
    this.defaultProject = defaultProject;
    this.projects = Set.copyOf(projects);
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String hostname = validMaster(execution);
    String project = validProject(execution);
    requireReason(execution);
    CloudServer server = RequestFields.server(startLookup, project, hostname, RequestFields.CHECK_THE_NAME);
    requireQuorum(hostname);
    execution.setVariable(PROJECT, project);
    execution.setVariable(SERVER_ID, server.id());
  }

  /** The same checks again right before the rebuild, on the server validated at start. */
  CloudServer checkBeforeRebuild(VariableScope variables) {
    String hostname = validMaster(variables);
    String project = validProject(variables);
    requireReason(variables);
    CloudServer server =
        RequestFields.sameServer(cloud, project, hostname, RequestFields.storedServerId(variables), "rebuild");
    quorum.requireOthersHealthy(hostname);
    return server;
  }

  private void requireQuorum(String hostname) {
    try {
      quorum.requireOthersHealthy(hostname);
    } catch (PolicyViolation violation) {
      throw new RequestRejected(HOSTNAME, violation.getMessage());
    }
  }

  private String validMaster(VariableScope variables) {
    try {
      String hostname = hostNames.requireValid(RunbookVariables.stringOr(variables, HOSTNAME, null));
      quorum.requireMaster(hostname);
      protectedHosts.requireRebuildAllowed(hostname);
      return hostname;
    } catch (PolicyViolation violation) {
      throw new RequestRejected(HOSTNAME, violation.getMessage());
    }
  }

  private String validProject(VariableScope variables) {
    return RequestFields.project(variables, defaultProject, projects);
  }

  private static void requireReason(VariableScope variables) {
    if (RunbookVariables.stringOr(variables, REASON, null) == null) {
      throw new RequestRejected(REASON, "Say why the master should be rebuilt (variable 'reason').");
    }
  }
}
