package org.alisw.runbooks.engine;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code runbooks.engine.*}: this engine node's identity among the nodes sharing one database, and
 * how it stops (docs/configuration.md, docs/operations.md "Crash, restart and shutdown").
 *
 * @param nodeId the job executor's lock owner; a node starting releases the job locks held under
 *     its own id, since they belong to its previous run, which died (SIGKILL, power cut) in the
 *     middle of a step. Must be unique per node sharing a database; empty = a random owner per
 *     start (the engine's default), and a crashed step waits for its lock to expire.
 * @param shutdownWait how long a stopping node (SIGTERM) lets running steps finish before it
 *     interrupts them; an interrupted step rolls back and runs again later.
 */
@ConfigurationProperties("runbooks.engine")
public record EngineNodeProperties(String nodeId, @DefaultValue("PT60S") Duration shutdownWait) {

  public EngineNodeProperties {
    nodeId = nodeId == null ? "" : nodeId.strip();
    if (!nodeId.isEmpty() && !nodeId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
      throw new IllegalArgumentException(
          "runbooks.engine.node-id must be letters, digits, '.', '_', ':' or '-' (at most 128), such as the"
              + " host name; got '" + nodeId + "'");
    }
    if (shutdownWait == null || shutdownWait.isNegative()) {
      throw new IllegalArgumentException("runbooks.engine.shutdown-wait must be zero or positive, not " + shutdownWait);
    }
  }

  public boolean hasNodeId() {
    return !nodeId.isEmpty();
  }
}
