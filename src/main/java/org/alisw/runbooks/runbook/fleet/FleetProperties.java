package org.alisw.runbooks.runbook.fleet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * rebuild-agents' limits ({@code runbooks.rebuild-agents}).
 *
 * @param parallelism how many hosts are rebuilt at once when the start form names no k
 * @param maxParallelism the largest k an operator may ask for
 * @param maxHosts the longest list one runbook takes (the frozen plan names every host and must fit
 *     Camunda's 4000-character text variable)
 */
@ConfigurationProperties("runbooks.rebuild-agents")
public record FleetProperties(
    @DefaultValue("3") int parallelism,
    @DefaultValue("20") int maxParallelism,
    @DefaultValue("150") int maxHosts) {

  public FleetProperties {
    if (maxParallelism < 1 || parallelism < 1 || parallelism > maxParallelism) {
      throw new IllegalArgumentException("runbooks.rebuild-agents: need 1 <= parallelism (" + parallelism
          + ") <= max-parallelism (" + maxParallelism + ")");
    }
    if (maxHosts < 1) {
      throw new IllegalArgumentException("runbooks.rebuild-agents.max-hosts must be at least 1");
    }
  }
}
