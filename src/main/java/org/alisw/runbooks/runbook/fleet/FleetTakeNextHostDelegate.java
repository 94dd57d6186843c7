package org.alisw.runbooks.runbook.fleet;

import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.RequestFields;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One slot takes the next host of the approved list: the semaphore of rebuild-agents. The queue is
 * one process variable ({@code fleetNextIndex}); two slots taking at once, on one node or two, update
 * the same row and one of them fails with an optimistic locking exception, rolls back and is retried
 * by the job executor, so no host is taken twice and at most k (the slots) are in flight, across
 * restarts and nodes. Before taking anything it checks the fleet plan is intact, approved and still
 * what the runbook's variables say; a slot whose index is not below the approved k takes nothing
 * ({@link FleetSlot}). The host's own plan (its server id, the image, the fleet plan's hash) is
 * derived here and handed to rebuild-agents-host and rebuild-vm, which check it again before acting.
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
    FleetSlot.clear(execution);
    Optional<String> taken = FleetSlot.takeNext(execution, plan);
    if (taken.isEmpty()) {
      return;
    }
    String host = taken.get();
    String project = plan.get(Variables.PROJECT);
    try {
      rules.rebuildAllowed(host);
      CloudServer server = RequestFields.server(cloud::findServer, project, host, RequestFields.ANY_MORE);
      FleetSlot.plan(execution, plan, host, project, server.id());
      LOG.info("runbook={} instance={} slot={} host={}: taken",
          execution.getProcessDefinitionId(), execution.getProcessInstanceId(), FleetSlot.index(execution), host);
    } catch (RequestRejected refused) {
      LOG.warn("runbook={} instance={} slot={} host={}: refused, reported: {}",
          execution.getProcessDefinitionId(), execution.getProcessInstanceId(), FleetSlot.index(execution), host,
          refused.getMessage());
      FleetSlot.refuse(execution, refused.getMessage());
    }
  }
}
