package org.alisw.runbooks.runbook.create;

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
}
