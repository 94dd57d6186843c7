package org.alisw.runbooks.runbook.check;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import java.util.List;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The request of "Checklist to verify the status of a master": a valid host name that is one of
 * the configured masters ({@code runbooks.mesos.masters}). Refused at start (HTTP 400, no
 * instance); every check runs the same test again before it looks at the host.
 */
@Component("verifyMasterRequest")
public class VerifyMasterRequest implements RequestCheck {

  private final HostNamePolicy hostNames;
  private final List<String> masters;
  private final String project;
  private final String containerRole;

  @Autowired
  VerifyMasterRequest(
      HostNamePolicy hostNames, ClusterPort cluster, VerifyMasterProperties settings, OpenStackProperties openStack) {
    this(hostNames, cluster.masters(),
        settings.project() == null || settings.project().isBlank() ? openStack.defaultProject() : settings.project(),
        settings.containerRole());
  }

  public VerifyMasterRequest(HostNamePolicy hostNames, List<String> masters, String project, String containerRole) {
    this.hostNames = hostNames;
    this.masters = List.copyOf(masters);
    this.project = project;
    this.containerRole = containerRole;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    master(execution);
  }

  /** The master to verify: valid and configured, else refused naming the masters. */
  String master(VariableScope variables) {
    String hostname;
    try {
      hostname = hostNames.requireValid(RunbookVariables.stringOr(variables, HOSTNAME, null));
    } catch (PolicyViolation violation) {
      throw new RequestRejected(HOSTNAME, violation.getMessage());
    }
    if (!masters.contains(hostname)) {
      throw new RequestRejected(
          HOSTNAME, hostname + " is not a configured Mesos master: use one of " + masters + " (runbooks.mesos.masters).");
    }
    return hostname;
  }

  /** The OpenStack project key the masters live in. */
  String project() {
    return project;
  }

  /** The role whose containers a master must run. */
  String containerRole() {
    return containerRole;
  }
}
