package org.alisw.runbooks.runbook.fleet;

import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * One slot's variables of rebuild-agents: which host it holds and under which plan. The queue is
 * one process variable ({@code fleetNextIndex}); two slots taking at once update the same row, and
 * the database lets one of them commit (the other rolls back and is retried).
 */
final class FleetSlot {

  private static final List<String> HOST_VARIABLES = List.of(FleetVariables.HOST, FleetVariables.HOST_SERVER_ID,
      FleetVariables.HOST_PLAN, FleetVariables.HOST_PLAN_HASH, FleetVariables.HOST_RESULT, FleetVariables.HOST_DETAIL,
      FleetVariables.PUPPET_ATTEMPTS);

  private FleetSlot() {}

  /** The slot's variables of its previous host, forgotten. */
  static void clear(DelegateExecution execution) {
    HOST_VARIABLES.forEach(name -> execution.setVariable(name, null));
  }

  /**
   * The next host of the approved list, moved out of the queue and held by this slot; empty when
   * the list is done or the slot's index is not below the approved k.
   */
  static Optional<String> takeNext(DelegateExecution execution, ApprovedPlan plan) {
    List<String> hosts = FleetHosts.split(plan.get(FleetVariables.FLEET_HOSTS));
    int k = Integer.parseInt(plan.get(FleetVariables.PARALLELISM));
    int next = number(execution.getVariable(FleetVariables.NEXT_INDEX));
    if (index(execution) >= k || next >= hosts.size()) {
      return Optional.empty();
    }
    String host = hosts.get(next);
    execution.setVariable(FleetVariables.NEXT_INDEX, next + 1);
    execution.setVariable(FleetVariables.HOST, host);
    execution.setVariable(FleetVariables.HOST_STARTED, ClockUtil.getCurrentTime().getTime());
    return Optional.of(host);
  }

  /** The held host's own plan (its server id fixed now), which rebuild-agents-host checks again. */
  static void plan(DelegateExecution execution, ApprovedPlan plan, String host, String project, String serverId) {
    String text = FleetHostPlan.json(execution, plan, host, project, serverId);
    execution.setVariable(FleetVariables.HOST_SERVER_ID, serverId);
    execution.setVariable(FleetVariables.HOST_PLAN, text);
    execution.setVariable(FleetVariables.HOST_PLAN_HASH, FrozenPlan.sha256(text));
  }

  /** The held host refused (this host only): the slot records it and goes on with the next one. */
  static void refuse(DelegateExecution execution, String reason) {
    execution.setVariable(FleetVariables.HOST_RESULT, HostResult.REFUSED);
    execution.setVariable(FleetVariables.HOST_DETAIL, reason);
  }

  /** This slot's index among the k (the multi-instance loop counter). */
  static int index(DelegateExecution execution) {
    return number(execution.getVariable(FleetVariables.SLOT_INDEX));
  }

  private static int number(Object value) {
    return value instanceof Number n ? n.intValue() : 0;
  }
}
