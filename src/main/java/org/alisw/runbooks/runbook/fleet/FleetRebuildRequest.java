package org.alisw.runbooks.runbook.fleet;

import java.util.List;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The start check of rebuild-agents: the list (names, no duplicates, no protected host, each an
 * agent OpenStack knows in the project), a reason and k. Stores the checked list as {@code
 * fleetHosts}, k, the number of slots (min(k, hosts)) and the empty queue position.
 */
@Component("fleetRebuildRequest")
class FleetRebuildRequest implements RequestCheck {

  private final CloudLookup startLookup;
  private final FleetRules rules;

  FleetRebuildRequest(CloudLookup startLookup, FleetRules rules) {
    this.startLookup = startLookup;
    this.rules = rules;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    List<String> hosts = rules.hosts(execution, FleetVariables.HOSTS);
    String project = rules.project(execution);
    rules.reason(execution);
    int k = rules.parallelism(execution);
    rules.agentsKnown(hosts, project, startLookup.servers(project));
    execution.setVariable(Variables.PROJECT, project);
    execution.setVariable(FleetVariables.FLEET_HOSTS, FleetHosts.join(hosts));
    execution.setVariable(FleetVariables.HOST_COUNT, hosts.size());
    execution.setVariable(FleetVariables.PARALLELISM, k);
    execution.setVariable(FleetVariables.SLOTS, Math.min(k, hosts.size()));
    execution.setVariable(FleetVariables.NEXT_INDEX, 0);
  }
}
