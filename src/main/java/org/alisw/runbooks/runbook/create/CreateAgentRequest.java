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
 * "Creating an agent", refused at start when the name breaks the naming rule, the purpose is
 * unknown, or the name exists already in the purpose's project or in Foreman; a good request gets
 * the guide's ai-bs settings as variables (hostgroup, environment, flavor, volume).
 */
@Component("createAgentRequest")
class CreateAgentRequest implements RequestCheck {

  private final CreateRules rules;
  private final CloudLookup startLookup;

  CreateAgentRequest(CreateRules rules, CloudLookup startLookup) {
    this.rules = rules;
    this.startLookup = startLookup;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String hostname = rules.agentName(execution);
    CreateProperties.Purpose purpose = rules.purpose(execution);
    String project = rules.project(purpose.project());
    rules.requirePublicKey();
    rules.requireNameFree(project, hostname, startLookup, CreateRules.Own.NOTHING);
    CreateProperties.Agent agent = rules.settings().agent();
    execution.setVariable(ROLE, CreateVariables.AGENT);
    execution.setVariable(PROJECT, project);
    execution.setVariable(HOSTGROUP, agent.hostgroup());
    execution.setVariable(ENVIRONMENT, agent.environment());
    execution.setVariable(FLAVOR, agent.flavor());
    execution.setVariable(IMAGE, blankToNull(agent.image()));
    execution.setVariable(VOLUME, purpose.hasVolume() ? purpose.volume() : null);
    execution.setVariable(ZONE, null);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
