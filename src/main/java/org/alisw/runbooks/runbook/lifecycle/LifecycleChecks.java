package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.REASON;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.policy.ProtectedHosts;
import org.alisw.runbooks.runbook.RequestFields;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The checks the lifecycle runbooks share, at start and again in the steps: a valid server name, a
 * configured project, a reason, the protected hosts, and "this name still names the server the
 * runbook was validated for".
 */
@Component
public class LifecycleChecks {

  private final HostNamePolicy hostNames;
  private final ProtectedHosts protectedHosts;
  private final String defaultProject;
  private final Set<String> projects;
  private final String defaultImageFamily;

  @Autowired
  LifecycleChecks(HostNamePolicy hostNames, ProtectedHosts protectedHosts, OpenStackProperties openStack) {
    this(hostNames, protectedHosts, openStack.defaultProject(), openStack.projects().keySet(), openStack.defaultImageFamily());
  }

  public LifecycleChecks(
      HostNamePolicy hostNames, ProtectedHosts protectedHosts, String defaultProject, Set<String> projects, String defaultImageFamily) {
    this.hostNames = hostNames;
    this.protectedHosts = protectedHosts;
    this.defaultProject = defaultProject;
    this.projects = Set.copyOf(projects);
    this.defaultImageFamily = defaultImageFamily;
  }

  /** The server an operation acts on, found by its checked name in its checked project. */
  record Target(String hostname, String project, CloudServer server) {}

  /**
   * The checks delete-vm and rebuild-agent share: {@code hostname} valid and not protected from the
   * operation ({@code allowed}: {@link #deleteAllowed} or {@link #rebuildAllowed}), a configured
   * project, a {@code reason} when {@code reasonFor} names what the machine will be (null: not
   * checked here), and a server of that name (else refused with {@code hint}).
   */
  Target target(VariableScope variables, Consumer<String> allowed, String reasonFor, CloudLookup lookup, String hint) {
    String hostname = hostname(variables);
    allowed.accept(hostname);
    String project = project(variables);
    if (reasonFor != null) {
      reason(variables, reasonFor);
    }
    return new Target(hostname, project, RequestFields.server(lookup, project, hostname, hint));
  }

  /** A start check on {@link #target}: stores the checked project and the server's id. */
  Target checkAtStart(VariableScope variables, Consumer<String> allowed, String reasonFor, CloudLookup lookup, String hint) {
    Target target = target(variables, allowed, reasonFor, lookup, hint);
    variables.setVariable(PROJECT, target.project());
    variables.setVariable(SERVER_ID, target.server().id());
    return target;
  }

  ProtectedHosts protectedHosts() {
    return protectedHosts;
  }

  /** The image family a rebuild uses when none is named: the guide's {@code --cc7}. */
  String defaultImageFamily() {
    return defaultImageFamily;
  }

  String hostname(VariableScope variables) {
    try {
      return hostNames.requireValid(RunbookVariables.stringOr(variables, HOSTNAME, null));
    } catch (PolicyViolation violation) {
      throw new RequestRejected(HOSTNAME, violation.getMessage());
    }
  }

  /** The project, the default one when none is given; refused unless configured. */
  String project(VariableScope variables) {
    String project = RunbookVariables.stringOr(variables, PROJECT, defaultProject);
    if (!projects.contains(project)) {
      throw new RequestRejected(
          PROJECT, "Unknown OpenStack project '" + project + "': use one of " + new TreeSet<>(projects) + ".");
    }
    return project;
  }

  String reason(VariableScope variables, String what) {
    String reason = RunbookVariables.stringOr(variables, REASON, null);
    if (reason == null) {
      throw new RequestRejected(REASON, "Say why the server should be " + what + " (variable 'reason').");
    }
    return reason;
  }

  String serverId(VariableScope variables) {
    String serverId = RunbookVariables.stringOr(variables, SERVER_ID, null);
    if (serverId == null) {
      throw new RequestRejected(SERVER_ID, "No server id is stored: the runbook did not pass its start checks.");
    }
    return serverId;
  }

  void rebuildAllowed(String hostname) {
    try {
      protectedHosts.requireRebuildAllowed(hostname);
    } catch (PolicyViolation violation) {
      throw new RequestRejected(HOSTNAME, violation.getMessage());
    }
  }

  void deleteAllowed(String hostname) {
    try {
      protectedHosts.requireDeleteAllowed(hostname);
    } catch (PolicyViolation violation) {
      throw new RequestRejected(HOSTNAME, violation.getMessage());
    }
  }

  /** The server of that name, which must be the one with {@code serverId}. */
  static CloudServer sameServer(CloudPort cloud, String project, String hostname, String serverId) {
    return RequestFields.sameServer(cloud, project, hostname, serverId, "rebuild");
  }
}
