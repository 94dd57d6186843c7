package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.INITIATOR;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.REASON;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The frame the delete-vm and rebuild-agent plans share, for the approver: which runbook acts on
 * which server first; who asks, why, and the commands last. Each plan puts its own entries between.
 */
final class LifecyclePlan {

  private LifecyclePlan() {}

  /** {@code runbook}, {@code hostname}, {@code project}, {@code serverId}, in that order. */
  static Map<String, Object> begin(String runbook, LifecycleChecks.Target target) {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("runbook", runbook);
    plan.put(HOSTNAME, target.hostname());
    plan.put(PROJECT, target.project());
    plan.put(SERVER_ID, target.server().id());
    return plan;
  }

  /** Adds {@code requestedBy}, {@code reason} and the commands, stores the server id, freezes. */
  static void freeze(DelegateExecution execution, Map<String, Object> plan, LifecycleChecks.Target target, List<String> commands) {
    plan.put("requestedBy", execution.getVariable(INITIATOR));
    plan.put(REASON, execution.getVariable(REASON));
    plan.put("commands", commands);
    execution.setVariable(SERVER_ID, target.server().id());
    FrozenPlan.freeze(execution, plan);
  }
}
