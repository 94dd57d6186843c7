package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.ENVIRONMENT;
import static org.alisw.runbooks.runbook.create.CreateVariables.FLAVOR;
import static org.alisw.runbooks.runbook.create.CreateVariables.HOSTGROUP;
import static org.alisw.runbooks.runbook.create.CreateVariables.IMAGE;
import static org.alisw.runbooks.runbook.create.CreateVariables.ROLE;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME;
import static org.alisw.runbooks.runbook.create.CreateVariables.ZONE;

import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * "Creating a master", refused at start when the name breaks the master naming rule, the zone is
 * not one of the masters' zones or another master uses it (the message names the zones in use), or
 * the name exists already in the project or in Foreman.
 */
@Component("createMasterRequest")
class CreateMasterRequest implements RequestCheck {

  private final CreateRules rules;
  private final CloudLookup startLookup;

  CreateMasterRequest(CreateRules rules, CloudLookup startLookup) {
    this.rules = rules;
    this.startLookup = startLookup;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String hostname = rules.masterName(execution);
    CreateProperties.Master master = rules.settings().master();
    String project = rules.project(master.project());
    String zone = rules.freeMasterZone(execution, hostname, startLookup);
    rules.requirePublicKey();
    rules.requireNameFree(project, hostname, startLookup, CreateRules.Own.NOTHING);
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
