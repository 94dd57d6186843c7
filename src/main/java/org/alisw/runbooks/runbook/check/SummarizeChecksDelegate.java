package org.alisw.runbooks.runbook.check;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pass/fail list at the end: the readable summary ({@value CheckReport#SUMMARY}), the number
 * of failed checks ({@value CheckReport#FAILED}) and the runbook's verdict ({@code preflightPassed},
 * {@code masterVerified}): true only when at least one check ran and none failed.
 */
class SummarizeChecksDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(SummarizeChecksDelegate.class);

  private final String verdictVariable;

  SummarizeChecksDelegate(String verdictVariable) {
    this.verdictVariable = verdictVariable;
  }

  @Override
  public void execute(DelegateExecution execution) {
    List<CheckItem> items = CheckReport.read(execution);
    long failed = items.stream().filter(i -> !i.pass()).count();
    boolean passed = !items.isEmpty() && failed == 0;
    execution.setVariable(CheckReport.SUMMARY, CheckReport.summary(items));
    execution.setVariable(CheckReport.FAILED, (int) failed);
    execution.setVariable(verdictVariable, passed);
    LOG.info(
        "runbook={} instance={} {}={}: {} of {} checks failed",
        execution.getProcessDefinitionId(),
        execution.getProcessInstanceId(),
        verdictVariable,
        passed,
        failed,
        items.size());
  }
}
