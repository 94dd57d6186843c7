package org.alisw.runbooks.runbook.master;

import static org.alisw.runbooks.runbook.master.MasterVariables.MESOS_LEADER;
import static org.alisw.runbooks.runbook.master.MasterVariables.QUORUM_HEALTHY;
import static org.alisw.runbooks.runbook.master.MasterVariables.QUORUM_LOOKED_AGAIN;
import static org.alisw.runbooks.runbook.master.MasterVariables.QUORUM_REPORT;

import org.alisw.runbooks.policy.MasterQuorum;
import org.alisw.runbooks.policy.MasterQuorum.QuorumUnhealthy;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * At the end: every master, the rebuilt one included, healthy again. A first look that sees
 * problems waits the settle window in the BPMN ({@value MasterVariables#QUORUM_SETTLING}) and looks
 * again; the second look reports. The runbook routes on {@code quorumHealthy}.
 */
@Component("checkQuorumAfterRebuild")
class CheckQuorumAfterRebuildDelegate implements JavaDelegate {

  private final MasterQuorum quorum;

  CheckQuorumAfterRebuildDelegate(MasterQuorum quorum) {
    this.quorum = quorum;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      MasterQuorum.Look look = quorum.requireAllHealthy();
      execution.setVariable(QUORUM_LOOKED_AGAIN, false);
      execution.setVariable(QUORUM_HEALTHY, true);
      execution.setVariable(QUORUM_REPORT, look.summary());
      execution.setVariable(MESOS_LEADER, look.leader());
    } catch (QuorumUnhealthy unhealthy) {
      if (!QuorumLooks.lookedAgain(execution)) {
        throw QuorumLooks.lookAgainOrRefuse(execution, unhealthy);
      }
      execution.setVariable(QUORUM_LOOKED_AGAIN, false);
      execution.setVariable(QUORUM_HEALTHY, false);
      execution.setVariable(QUORUM_REPORT, unhealthy.getMessage());
    }
  }
}
