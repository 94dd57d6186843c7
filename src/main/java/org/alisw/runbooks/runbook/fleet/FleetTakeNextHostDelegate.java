package org.alisw.runbooks.runbook.fleet;

import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One slot takes the next host of the approved list: the semaphore of rebuild-agents. The queue is
 * one process variable ({@code fleetNextIndex}); two slots taking at once, on one node or two, update
 * the same row and one of them fails with an optimistic locking exception, rolls back and is retried
 * by the job executor, so no host is taken twice and at most k (the slots) are in flight, across
 * restarts and nodes. Before taking anything it checks the fleet plan is intact, approved and still
 * what the runbook's variables say; a slot whose index is not below the approved k takes nothing.
 * The host's own plan (its server id, the image, the fleet plan's hash) is derived here and handed
 * to rebuild-agents-host and rebuild-vm, which check it again before acting.
 */
@Component("fleetTakeNextHost")
class FleetTakeNextHostDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(FleetTakeNextHostDelegate.class);

  private final CloudPort cloud;
  private final FleetRules rules;

  FleetTakeNextHostDelegate(CloudPort cloud, FleetRules rules) {
    this.cloud = cloud;
    this.rules = rules;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String voided = RunbookVariables.stringOr(execution, ApprovedPlan.VOID_MESSAGE, null);
    if (voided != null) {
      // Another slot found the approval void: this one stops too, keeping the first reason.
      throw new BpmnError(ApprovedPlan.ERROR_CODE, voided);
    }
    ApprovedPlan.guard(execution, () -> take(execution));
  }

  private void take(DelegateExecution execution) {
    ApprovedPlan plan = ApprovedPlan.check(execution, FleetVariables.PLAN_INPUTS);
    clearSlot(execution);
    List<String> hosts = FleetHosts.split(plan.get(FleetVariables.FLEET_HOSTS));
    int k = Integer.parseInt(plan.get(FleetVariables.PARALLELISM));
    int slot = number(execution.getVariable(FleetVariables.SLOT_INDEX), 0);
    int next = number(execution.getVariable(FleetVariables.NEXT_INDEX), 0);
    if (slot >= k || next >= hosts.size()) {
      return;
    }
    String host = hosts.get(next);
    execution.setVariable(FleetVariables.NEXT_INDEX, next + 1);
    execution.setVariable(FleetVariables.HOST, host);
    execution.setVariable(FleetVariables.HOST_STARTED, ClockUtil.getCurrentTime().getTime());
    String project = plan.get(Variables.PROJECT);
    try {
      rules.rebuildAllowed(host);
      Optional<CloudServer> server = cloud.findServer(project, host);
      if (server.isEmpty()) {
        throw new RequestRejected(Variables.HOSTNAME, "No server named " + host + " in OpenStack project " + project + " any more.");
      }
      String text = FleetHostPlan.json(execution, plan, host, project, server.get().id());
      execution.setVariable(FleetVariables.HOST_SERVER_ID, server.get().id());
      execution.setVariable(FleetVariables.HOST_PLAN, text);
      execution.setVariable(FleetVariables.HOST_PLAN_HASH, FrozenPlan.sha256(text));
      LOG.info("runbook={} instance={} slot={} host={}: taken ({} of {})",
          execution.getProcessDefinitionId(), execution.getProcessInstanceId(), slot, host, next + 1, hosts.size());
    } catch (RequestRejected refused) {
      // This host only: the slot reports it and goes on with the next one.
      LOG.warn("runbook={} instance={} slot={} host={}: refused, reported: {}",
          execution.getProcessDefinitionId(), execution.getProcessInstanceId(), slot, host, refused.getMessage());
      execution.setVariable(FleetVariables.HOST_RESULT, HostResult.REFUSED);
      execution.setVariable(FleetVariables.HOST_DETAIL, refused.getMessage());
    }
  }

  /** The slot's variables of its previous host, forgotten. */
  private static void clearSlot(DelegateExecution execution) {
    for (String name : List.of(FleetVariables.HOST, FleetVariables.HOST_SERVER_ID, FleetVariables.HOST_PLAN,
        FleetVariables.HOST_PLAN_HASH, FleetVariables.HOST_RESULT, FleetVariables.HOST_DETAIL, FleetVariables.PUPPET_ATTEMPTS)) {
      execution.setVariable(name, null);
    }
  }

  private static int number(Object value, int fallback) {
    return value instanceof Number n ? n.intValue() : fallback;
  }
}
