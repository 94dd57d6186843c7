package org.alisw.runbooks.runbook.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.MachineNaming;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.policy.ProtectedHosts;
import org.alisw.runbooks.runbook.RequestFields;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.Variables;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The checks rebuild-agents runs at start, when it freezes its plan and whenever a slot takes a
 * host: the list (names, duplicates, protected hosts), the project, a reason, k, and that every
 * host is an agent (not a master) OpenStack knows in that project.
 */
@Component
public class FleetRules {

  private final HostNamePolicy hostNames;
  private final ProtectedHosts protectedHosts;
  private final MachineNaming naming;
  private final String defaultProject;
  private final Set<String> projects;
  private final FleetProperties limits;

  @Autowired
  FleetRules(HostNamePolicy hostNames, ProtectedHosts protectedHosts, MachineNaming naming, OpenStackProperties openStack,
      FleetProperties limits) {
    this(hostNames, protectedHosts, naming, openStack.defaultProject(), openStack.projects().keySet(), limits);
  }

  public FleetRules(HostNamePolicy hostNames, ProtectedHosts protectedHosts, MachineNaming naming, String defaultProject,
      Set<String> projects, FleetProperties limits) {
    this.hostNames = hostNames;
    this.protectedHosts = protectedHosts;
    this.naming = naming;
    this.defaultProject = defaultProject;
    this.projects = Set.copyOf(projects);
    this.limits = limits;
  }

  /** The hosts of the start form ({@code hosts}) or of the checked list ({@code fleetHosts}). */
  List<String> hosts(VariableScope variables, String name) {
    return FleetHosts.parse(RunbookVariables.stringOr(variables, name, null), limits.maxHosts(), hostNames, protectedHosts);
  }

  String project(VariableScope variables) {
    return RequestFields.project(variables, defaultProject, projects);
  }

  String reason(VariableScope variables) {
    String reason = RunbookVariables.stringOr(variables, Variables.REASON, null);
    if (reason == null) {
      throw new RequestRejected(Variables.REASON, "Say why the agents should be rebuilt (variable 'reason').");
    }
    return reason;
  }

  /** k from the form (a number or its text), the configured default when absent; 1..max-parallelism. */
  int parallelism(VariableScope variables) {
    Object value = variables.getVariable(FleetVariables.PARALLELISM);
    int k;
    if (value == null || value.toString().isBlank()) {
      k = limits.parallelism();
    } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      k = n.intValue();
    } else {
      try {
        k = Integer.parseInt(value.toString().trim());
      } catch (NumberFormatException e) {
        throw new RequestRejected(FleetVariables.PARALLELISM, "k (parallelism) must be a whole number, not '" + value + "'.");
      }
    }
    if (k < 1 || k > limits.maxParallelism()) {
      throw new RequestRejected(FleetVariables.PARALLELISM, "k (parallelism) must be between 1 and " + limits.maxParallelism()
          + " (runbooks.rebuild-agents.max-parallelism), not " + k + ".");
    }
    return k;
  }

  /** Refuses the protected host, with the policy's words. */
  void rebuildAllowed(String host) {
    try {
      protectedHosts.requireRebuildAllowed(host);
    } catch (PolicyViolation violation) {
      throw new RequestRejected(Variables.HOSTNAME, violation.getMessage());
    }
  }

  /**
   * Every host is an agent OpenStack knows in the project (one listing of the project's servers):
   * masters are refused (rebuild-master exists for them), unknown names are named.
   */
  Map<String, CloudServer> agentsKnown(List<String> hosts, String project, List<CloudServer> servers) {
    List<String> masters = hosts.stream().filter(naming::isMasterName).toList();
    if (!masters.isEmpty()) {
      throw new RequestRejected(FleetVariables.HOSTS, "Not agents: " + String.join(", ", masters)
          + " (masters are rebuilt one at a time with rebuild-master).");
    }
    Map<String, CloudServer> byName = servers.stream().collect(Collectors.toMap(CloudServer::name, Function.identity(), (a, b) -> a));
    List<String> unknown = new ArrayList<>();
    for (String host : hosts) {
      if (!byName.containsKey(host)) {
        unknown.add(host);
      }
    }
    if (!unknown.isEmpty()) {
      throw new RequestRejected(FleetVariables.HOSTS, "No server named " + String.join(", ", unknown) + " in OpenStack project " + project
          + ": check the names and the project.");
    }
    return byName;
  }
}
