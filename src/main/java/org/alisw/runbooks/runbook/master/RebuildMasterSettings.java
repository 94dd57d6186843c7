package org.alisw.runbooks.runbook.master;

import org.springframework.stereotype.Component;

/**
 * What {@code rebuild-master.bpmn} reads from configuration, as the bean {@code rebuildMaster}:
 * {@code ${rebuildMaster.handOverPollInterval}} and {@code ${rebuildMaster.handOverTimeout}}.
 */
@Component("rebuildMaster")
public class RebuildMasterSettings {

  private final RebuildMasterProperties properties;

  public RebuildMasterSettings(RebuildMasterProperties properties) {
    this.properties = properties;
  }

  public String getHandOverPollInterval() {
    return properties.handOverPollInterval().toString();
  }

  public String getHandOverTimeout() {
    return properties.handOverTimeout().toString();
  }
}
