package org.alisw.runbooks.runbook.fleet;

import java.util.ArrayList;
import java.util.List;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The outcome table once every slot is done: one row per host of the list, in its order (a host
 * no slot took is {@code not-started}), as JSON ({@code fleetOutcomes}), as text ({@code
 * fleetOutcomeTable}) and counted ({@code fleetSummary}). A table longer than a variable holds goes
 * on in {@code fleetOutcomes2}, {@code fleetOutcomeTable2}, ... No port is called.
 */
@Component("fleetSummarize")
class FleetSummarizeDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(FleetSummarizeDelegate.class);

  @Override
  public void execute(DelegateExecution execution) {
    List<FleetOutcomes.Row> rows = new ArrayList<>();
    String voided = RunbookVariables.stringOr(execution, ApprovedPlan.VOID_MESSAGE, null);
    for (String host : FleetHosts.split(frozenList(execution))) {
      Object row = execution.getVariable(FleetVariables.OUTCOME_PREFIX + host);
      rows.add(row instanceof String json
          ? FleetOutcomes.Row.parse(json)
          : new FleetOutcomes.Row(host, HostResult.NOT_STARTED, null, null,
              FleetOutcomes.shortDetail(voided == null ? "no slot took it" : "approval void: " + voided)));
    }
    page(execution, FleetVariables.OUTCOMES, FleetOutcomes.jsonPages(rows));
    page(execution, FleetVariables.OUTCOME_TABLE, FleetOutcomes.textPages(rows));
    String summary = FleetOutcomes.summary(rows);
    execution.setVariable(FleetVariables.SUMMARY, summary);
    LOG.info("runbook={} instance={}: {}", execution.getProcessDefinitionId(), execution.getProcessInstanceId(), summary);
  }

  /** The list as the plan froze it (the variable may have been changed since: that voided the approval). */
  private static String frozenList(DelegateExecution execution) {
    Object plan = execution.getVariable(FrozenPlan.PLAN);
    Object hash = execution.getVariable(FrozenPlan.PLAN_HASH);
    if (plan instanceof String text && FrozenPlan.sha256(text).equals(hash)) {
      Object hosts = FrozenPlan.parse(text).get(FleetVariables.FLEET_HOSTS);
      if (hosts != null) {
        return hosts.toString();
      }
    }
    return RunbookVariables.required(execution, FleetVariables.FLEET_HOSTS);
  }

  private static void page(DelegateExecution execution, String name, List<String> pages) {
    for (int i = 0; i < pages.size(); i++) {
      execution.setVariable(i == 0 ? name : name + (i + 1), pages.get(i));
    }
  }
}
