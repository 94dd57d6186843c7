package org.alisw.runbooks.runbook.fleet;

import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the slot's host into the outcome table: its own variable {@code fleetOutcome_<host>}
 * (result, puppet attempts, duration since the slot took it, why it failed), so slots finishing at
 * once never write the same row. No port is called.
 */
@Component("fleetRecordOutcome")
class FleetRecordOutcomeDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(FleetRecordOutcomeDelegate.class);

  @Override
  public void execute(DelegateExecution execution) {
    String host = RunbookVariables.required(execution, FleetVariables.HOST);
    String result = RunbookVariables.stringOr(execution, FleetVariables.HOST_RESULT, HostResult.NOT_REBUILT);
    Object started = execution.getVariable(FleetVariables.HOST_STARTED);
    Long seconds = started instanceof Number n ? Math.max(0, (ClockUtil.getCurrentTime().getTime() - n.longValue()) / 1000) : null;
    Object attempts = execution.getVariable(FleetVariables.PUPPET_ATTEMPTS);
    FleetOutcomes.Row row = new FleetOutcomes.Row(host, result, attempts instanceof Number a ? a.intValue() : null, seconds,
        HostResult.REBUILT.equals(result) ? null : FleetOutcomes.shortDetail(RunbookVariables.stringOr(execution, FleetVariables.HOST_DETAIL, null)));
    execution.getProcessInstance().setVariable(FleetVariables.OUTCOME_PREFIX + host, row.toJson());
    execution.setVariable(FleetVariables.HOST_RESULT, result);
    LOG.info("runbook={} instance={} host={}: {} (puppet attempts {}, {} s)",
        execution.getProcessDefinitionId(), execution.getProcessInstanceId(), host, result, row.puppetAttempts(), seconds);
  }
}
