package org.alisw.runbooks.runbook.lifecycle;

/** What rebuild-vm, rebuild-agent and delete-vm read from configuration, as the bean {@code lifecycle}. */
public class LifecycleSettings {

  private final LifecycleProperties properties;

  public LifecycleSettings(LifecycleProperties properties) {
    this.properties = properties;
  }

  public String getPollInterval() {
    return properties.pollInterval().toString();
  }

  public String getRebuildTimeout() {
    return properties.rebuildTimeout().toString();
  }

  public String getDeleteTimeout() {
    return properties.deleteTimeout().toString();
  }
}
