package org.alisw.runbooks.runbook.master;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.master.MasterVariables.QUORUM_LOOKED_AGAIN;
import static org.alisw.runbooks.runbook.master.MasterVariables.QUORUM_REPORT;

import org.alisw.runbooks.policy.MasterQuorum.QuorumUnhealthy;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Right before the rebuild: the approval still covers the inputs (else back to approval), the start
 * checks pass again on the same server, and the other masters are healthy. A first look that sees
 * them unhealthy ends in {@value MasterVariables#QUORUM_SETTLING}: the BPMN waits the settle window
 * and runs this step again, and only that second look refuses. A refusal goes to the operator
 * ({@code STEP_REFUSED}); the rebuild-vm call activity then acts on the approved plan.
 */
@Component("checkQuorumBeforeRebuild")
class CheckQuorumBeforeRebuildDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(CheckQuorumBeforeRebuildDelegate.class);

  private final RebuildMasterRequest request;

  CheckQuorumBeforeRebuildDelegate(RebuildMasterRequest request) {
    this.request = request;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(
        execution,
        () -> {
          ApprovedPlan.check(execution, HOSTNAME, PROJECT, SERVER_ID);
          try {
            request.checkBeforeRebuild(execution);
          } catch (QuorumUnhealthy unhealthy) {
            throw QuorumLooks.lookAgainOrRefuse(execution, unhealthy);
          }
          execution.setVariable(QUORUM_LOOKED_AGAIN, false);
          String report = "The masters other than " + execution.getVariable(HOSTNAME) + " are healthy.";
          execution.setVariable(QUORUM_REPORT, report);
          LOG.info("runbook={} instance={} host={} quorum holds, rebuilding",
              execution.getProcessDefinitionId(), execution.getProcessInstanceId(), execution.getVariable(HOSTNAME));
        });
  }
}
