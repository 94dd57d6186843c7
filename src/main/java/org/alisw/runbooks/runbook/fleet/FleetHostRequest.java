package org.alisw.runbooks.runbook.fleet;

import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.approval.ApprovalVoid;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The start check of rebuild-agents-host, the one-host part rebuild-agents calls: a host that may be
 * rebuilt, and its plan (handed over by the fleet's slot) intact and naming the same host, project,
 * server and image. rebuild-vm checks the plan again before each of its steps.
 */
@Component("fleetHostRequest")
class FleetHostRequest implements RequestCheck {

  private final FleetRules rules;

  FleetHostRequest(FleetRules rules) {
    this.rules = rules;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String host = RunbookVariables.stringOr(execution, Variables.HOSTNAME, null);
    if (host == null) {
      throw new RequestRejected(Variables.HOSTNAME, "rebuild-agents-host is called by rebuild-agents with a host (variable 'hostname').");
    }
    rules.rebuildAllowed(host);
    rules.project(execution);
    try {
      ApprovedPlan.checkPassed(execution, Variables.HOSTNAME, Variables.PROJECT, Variables.SERVER_ID, FleetVariables.IMAGE);
    } catch (ApprovalVoid voided) {
      throw new RequestRejected("plan", "rebuild-agents-host acts only on the plan rebuild-agents approved: " + voided.getMessage());
    }
  }
}
