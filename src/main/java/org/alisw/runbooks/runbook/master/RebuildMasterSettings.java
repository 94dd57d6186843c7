package org.alisw.runbooks.runbook.master;

import org.alisw.runbooks.policy.MasterQuorumProperties;
import org.springframework.stereotype.Component;

/**
 * What {@code rebuild-master.bpmn} reads from configuration, as the bean {@code rebuildMaster}:
 * {@code ${rebuildMaster.handOverPollInterval}}, {@code ${rebuildMaster.handOverTimeout}} and
 * {@code ${rebuildMaster.quorumSettleWindow}}.
 */
@Component("rebuildMaster")
public class RebuildMasterSettings {

  private final RebuildMasterProperties properties;
  private final MasterQuorumProperties quorum;

  public RebuildMasterSettings(RebuildMasterProperties properties, MasterQuorumProperties quorum) {
    this.properties = properties;
    this.quorum = quorum;
  }

  /** The timer between a quorum look that saw problems and the second look. */
  public String getQuorumSettleWindow() {
    return quorum.settleWindow().toString();
  }

  public String getHandOverPollInterval() {
    return properties.handOverPollInterval().toString();
  }

  public String getHandOverTimeout() {
    return properties.handOverTimeout().toString();
  }
}
