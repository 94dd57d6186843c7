package org.alisw.runbooks.runbook.master;

import static org.alisw.runbooks.runbook.master.MasterVariables.QUORUM_LOOKED_AGAIN;
import static org.alisw.runbooks.runbook.master.MasterVariables.QUORUM_REPORT;
import static org.alisw.runbooks.runbook.master.MasterVariables.QUORUM_SETTLING;

import org.alisw.runbooks.policy.MasterQuorum.QuorumUnhealthy;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two looks at the master quorum, the settle window apart, as the BPMN models them: the first
 * look that sees problems ends in {@value MasterVariables#QUORUM_SETTLING} (a timer, then the
 * check again); the second is the answer. A leader election seen by one look then does not stop
 * a rebuild, and no thread waits for the cluster.
 */
final class QuorumLooks {

  private static final Logger LOG = LoggerFactory.getLogger(QuorumLooks.class);

  private QuorumLooks() {}

  static boolean lookedAgain(DelegateExecution execution) {
    return Boolean.TRUE.equals(execution.getVariable(QUORUM_LOOKED_AGAIN));
  }

  /**
   * After a first unhealthy look, the BPMN error that waits the settle window; after the second,
   * the refusal itself (the flag reset, so that an operator's "check again" gets two looks).
   */
  static RuntimeException lookAgainOrRefuse(DelegateExecution execution, QuorumUnhealthy unhealthy) {
    if (lookedAgain(execution)) {
      execution.setVariable(QUORUM_LOOKED_AGAIN, false);
      return unhealthy;
    }
    LOG.info(
        "runbook={} instance={} step={} master quorum not there yet, looking again after the settle window: {}",
        execution.getProcessDefinitionId(), execution.getProcessInstanceId(), execution.getCurrentActivityId(),
        unhealthy.getMessage());
    execution.setVariable(QUORUM_LOOKED_AGAIN, true);
    execution.setVariable(QUORUM_REPORT, unhealthy.getMessage());
    return new BpmnError(QUORUM_SETTLING, unhealthy.getMessage());
  }
}
