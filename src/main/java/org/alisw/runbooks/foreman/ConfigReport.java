package org.alisw.runbooks.foreman;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A configuration (Puppet) report as Foreman shows it.
 *
 * @param logs every log line of the report, with the resource it is about
 */
public record ConfigReport(
    long id,
    String hostName,
    String reportedAt,
    int applied,
    int restarted,
    int failed,
    int failedRestarts,
    int skipped,
    int pending,
    List<ReportLog> logs) {

  private static final Set<String> ERROR_LEVELS = Set.of("err", "error", "alert", "emerg", "crit");

  public ConfigReport {
    logs = logs == null ? List.of() : List.copyOf(logs);
  }

  /** One log line: its level (notice, warning, err, ...), source (the resource) and message. */
  public record ReportLog(String level, String source, String message) {

    public boolean isError() {
      return level != null && ERROR_LEVELS.contains(level.toLowerCase(Locale.ROOT));
    }
  }

  /** The run failed: some resources failed or failed to restart. */
  public boolean hasFailures() {
    return failed > 0 || failedRestarts > 0;
  }

  /** The error lines: the failing resources and their messages. */
  public List<ReportLog> failures() {
    return logs.stream().filter(ReportLog::isError).toList();
  }
}
