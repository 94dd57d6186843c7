package org.alisw.runbooks.runbook.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The plan one host's rebuild-agents-host runs under, derived from the fleet's approved plan when
 * a slot takes the host: its server id fixed now, the fleet plan's hash, who asked and approved.
 * Every rebuild-vm step checks it before its side effect.
 */
final class FleetHostPlan {

  private FleetHostPlan() {}

  /** The host's plan as the JSON text the called runbooks receive and hash. */
  static String json(DelegateExecution execution, ApprovedPlan plan, String host, String project, String serverId) {
    Map<String, Object> hostPlan = new LinkedHashMap<>();
    hostPlan.put("runbook", "rebuild-agents");
    hostPlan.put("fleetInstance", execution.getProcessInstanceId());
    hostPlan.put("fleetPlanHash", execution.getVariable(FrozenPlan.PLAN_HASH));
    hostPlan.put(Variables.HOSTNAME, host);
    hostPlan.put(Variables.PROJECT, project);
    hostPlan.put(Variables.SERVER_ID, serverId);
    hostPlan.put(FleetVariables.IMAGE, plan.get(FleetVariables.IMAGE));
    hostPlan.put("imageName", plan.get("imageName"));
    hostPlan.put("requestedBy", plan.get("requestedBy"));
    hostPlan.put("approvedBy", execution.getVariable(ApprovedPlan.APPROVER));
    hostPlan.put(Variables.REASON, plan.get(Variables.REASON));
    return FrozenPlan.toJson(hostPlan);
  }
}
