package org.alisw.runbooks.openstack;

import java.util.Map;

/**
 * A Nova server as far as the runbooks care.
 *
 * @param status Nova's status (BUILD, ACTIVE, REBUILD, HARD_REBOOT, ERROR, ...)
 * @param fault Nova's fault message when the status is ERROR, otherwise null
 */
public record CloudServer(
    String id,
    String name,
    String status,
    String availabilityZone,
    Map<String, String> metadata,
    String fault) {

  public CloudServer {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public boolean isActive() {
    return "ACTIVE".equals(status);
  }

  public boolean isInError() {
    return "ERROR".equals(status);
  }
}
