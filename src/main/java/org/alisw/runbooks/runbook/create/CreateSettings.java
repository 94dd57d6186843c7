package org.alisw.runbooks.runbook.create;

import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** What the create runbooks' BPMN reads from configuration: {@code ${createRunbooks.bootTimeout}}. */
public class CreateSettings {

  private final CreateProperties properties;

  public CreateSettings(CreateProperties properties) {
    this.properties = properties;
  }

  /** ISO-8601, for a timer. */
  public String getBootTimeout() {
    return properties.bootTimeout().toString();
  }

  /** When a new volume still not {@code available} goes to an operator (runbooks.create.volume-timeout). */
  public Date volumeDeadline() {
    return Date.from(ClockUtil.getCurrentTime().toInstant().plus(properties.volumeTimeout()));
  }

  /** When a deleted server still not gone goes to an operator (runbooks.create.delete-timeout). */
  public Date deleteDeadline() {
    return Date.from(ClockUtil.getCurrentTime().toInstant().plus(properties.deleteTimeout()));
  }

  /**
   * True once the engine's clock is past {@code deadline}. Gateways ask it right after a fresh look
   * at the state, so a runbook suspended past its deadline escalates only if the state is still not
   * the awaited one.
   */
  public boolean passed(Object deadline) {
    if (!(deadline instanceof Date date)) {
      throw new IllegalStateException("No deadline recorded for this wait: " + deadline);
    }
    return ClockUtil.getCurrentTime().after(date);
  }
}
