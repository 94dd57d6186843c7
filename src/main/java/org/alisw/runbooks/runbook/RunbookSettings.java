package org.alisw.runbooks.runbook;

import org.alisw.runbooks.security.SecurityProperties;

/**
 * What the BPMN reads from configuration, as the bean {@code runbooks}: {@code
 * ${runbooks.statusPollInterval}} in a timer, {@code ${runbooks.operatorsGroup}} as a candidate
 * group, {@code ${runbooks.retryCycle}} as a retry cycle.
 */
public class RunbookSettings {

  private final RunbookTimings timings;
  private final String operatorsGroup;

  public RunbookSettings(RunbookTimings timings, String operatorsGroup) {
    this.timings = timings;
    this.operatorsGroup = operatorsGroup;
  }

  public static RunbookSettings of(RunbookTimings timings, SecurityProperties security) {
    return new RunbookSettings(timings, security.operatorsGroup());
  }

  public String getStatusPollInterval() {
    return timings.statusPollInterval().toString();
  }

  public String getRebootTimeout() {
    return timings.rebootTimeout().toString();
  }

  public String getRetryCycle() {
    return timings.retryCycle();
  }

  public String getOperatorsGroup() {
    return operatorsGroup;
  }
}
