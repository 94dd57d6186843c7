package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.ENVIRONMENT;
import static org.alisw.runbooks.runbook.create.CreateVariables.FLAVOR;
import static org.alisw.runbooks.runbook.create.CreateVariables.HOSTGROUP;
import static org.alisw.runbooks.runbook.create.CreateVariables.IMAGE;
import static org.alisw.runbooks.runbook.create.CreateVariables.ROLE;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME;
import static org.alisw.runbooks.runbook.create.CreateVariables.ZONE;

import java.util.List;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * "Creating a master", refused at start when the name breaks the master naming rule, the zone is
 * not one of the masters' zones or another master uses it (the message names the zones in use), or
 * the name exists already in the project or in Foreman, or the name is not one of the configured
 * Mesos masters ({@code runbooks.mesos.masters}): the master checklist that ends the runbook
 * (verify-master) can only check a configured master, and would otherwise refuse it only after a
 * VM was created.
 */
@Component("createMasterRequest")
class CreateMasterRequest implements RequestCheck {

  private final CreateRules rules;
  private final CloudLookup startLookup;
  private final List<String> configuredMasters;

  @Autowired
  CreateMasterRequest(CreateRules rules, CloudLookup startLookup, ClusterPort cluster) {
    this(rules, startLookup, cluster.masters());
  }

  CreateMasterRequest(CreateRules rules, CloudLookup startLookup, List<String> configuredMasters) {
    this.rules = rules;
    this.startLookup = startLookup;
    this.configuredMasters = List.copyOf(configuredMasters);
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String hostname = rules.masterName(execution);
    CreateProperties.Master master = rules.settings().master();
    String project = rules.project(master.project());
    String zone = rules.freeMasterZone(execution, hostname, startLookup);
    rules.requirePublicKey();
    rules.requireNameFree(project, hostname, startLookup, CreateRules.Own.NOTHING);
    if (!configuredMasters.contains(hostname)) {
      throw new RequestRejected(
          Variables.HOSTNAME,
          hostname + " is not one of the configured Mesos masters " + configuredMasters
              + " (runbooks.mesos.masters): the master checklist that ends this runbook could not verify it."
              + " Replace the lost master's entry with this name (and its host) in the configuration first.");
    }
    execution.setVariable(ROLE, CreateVariables.MASTER);
    execution.setVariable(PROJECT, project);
    execution.setVariable(ZONE, zone);
    execution.setVariable(HOSTGROUP, master.hostgroup());
    execution.setVariable(ENVIRONMENT, master.environment());
    execution.setVariable(FLAVOR, master.flavor());
    execution.setVariable(IMAGE, CreateAgentRequest.blankToNull(master.image()));
    execution.setVariable(VOLUME, CreateAgentRequest.blankToNull(master.volume()));
  }
}
