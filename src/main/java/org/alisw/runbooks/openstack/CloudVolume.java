package org.alisw.runbooks.openstack;

import java.util.List;
import java.util.Map;

/**
 * A Cinder volume.
 *
 * @param status Cinder's status: creating, available, in-use, error, ...
 * @param type the volume type ({@code standard}, {@code io1})
 * @param attachments where it is attached (one server at most: volumes are not multi-attach)
 */
public record CloudVolume(
    String id,
    String name,
    int sizeGb,
    String type,
    String status,
    String availabilityZone,
    Map<String, String> metadata,
    List<Attachment> attachments) {

  /** The volume is attached to {@code serverId} as {@code device} ({@code /dev/vdb}). */
  public record Attachment(String serverId, String device) {}

  public CloudVolume {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  public boolean isAvailable() {
    return "available".equals(status);
  }

  public boolean isAttachedTo(String serverId) {
    return attachments.stream().anyMatch(a -> a.serverId().equals(serverId));
  }
}
