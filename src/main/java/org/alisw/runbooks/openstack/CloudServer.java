package org.alisw.runbooks.openstack;

import java.util.List;
import java.util.Map;

/**
 * A Nova server as far as the runbooks care.
 *
 * @param status Nova's status (BUILD, ACTIVE, REBUILD, HARD_REBOOT, ERROR, ...)
 * @param fault Nova's fault message when the status is ERROR, otherwise null
 * @param addresses the server's IP addresses, empty while it builds
 * @param attachedVolumeIds the Cinder volumes attached to it
 * @param flavorId the flavor it runs with
 * @param imageId the image it was booted or last rebuilt with
 * @param keyName the keypair injected at boot, or null
 */
public record CloudServer(
    String id,
    String name,
    String status,
    String availabilityZone,
    Map<String, String> metadata,
    String fault,
    List<String> addresses,
    List<String> attachedVolumeIds,
    String flavorId,
    String imageId,
    String keyName) {

  public CloudServer {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    attachedVolumeIds = attachedVolumeIds == null ? List.of() : List.copyOf(attachedVolumeIds);
  }

  /** The fields the first runbooks need; the rest empty. */
  public CloudServer(
      String id, String name, String status, String availabilityZone, Map<String, String> metadata, String fault) {
    this(id, name, status, availabilityZone, metadata, fault, List.of(), List.of(), null, null, null);
  }

  public boolean isActive() {
    return "ACTIVE".equals(status);
  }

  public boolean isInError() {
    return "ERROR".equals(status);
  }

  /** The runbook instance that created this server, from its metadata, or null. */
  public String createdByInstance() {
    return metadata.get(CloudPort.INSTANCE_METADATA_KEY);
  }
}
