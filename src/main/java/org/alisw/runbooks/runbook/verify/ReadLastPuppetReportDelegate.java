package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.FOREMAN_REPORT;

import java.util.List;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ConfigReport;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Check in Foreman if there are any puppet errors": the host's latest report, summarised for the
 * operator's form. Foreman failing to answer does not hold the operator up: the form says so.
 */
@Component("readLastPuppetReport")
class ReadLastPuppetReportDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(ReadLastPuppetReportDelegate.class);

  private final ConfigManagementPort foreman;

  ReadLastPuppetReportDelegate(ConfigManagementPort foreman) {
    this.foreman = foreman;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // Only reads, for the operator's form: no re-check, no refusal.
    String host = RunbookVariables.required(execution, HOSTNAME);
    String summary;
    try {
      summary = foreman.lastReport(host).map(ReadLastPuppetReportDelegate::summary).orElse("Foreman has no report for " + host + " yet.");
    } catch (ForemanException e) {
      summary = "Foreman could not be read: " + e.getMessage();
    }
    StepLog.info(LOG, execution, host, "latest Foreman report: {}", summary.lines().findFirst().orElse(""));
    execution.setVariable(FOREMAN_REPORT, Texts.kept(summary, 3800));
  }

  static String summary(ConfigReport report) {
    StringBuilder text = new StringBuilder();
    text.append("Report ").append(report.id()).append(" of ").append(report.reportedAt())
        .append(": applied ").append(report.applied())
        .append(", failed ").append(report.failed())
        .append(", failed restarts ").append(report.failedRestarts())
        .append(", skipped ").append(report.skipped())
        .append(", pending ").append(report.pending()).append('\n');
    List<ConfigReport.ReportLog> lines = report.failures().isEmpty() ? report.logs() : report.failures();
    lines.forEach(l -> text.append(l.level()).append(' ').append(l.source()).append(": ").append(l.message()).append('\n'));
    return text.toString();
  }
}
