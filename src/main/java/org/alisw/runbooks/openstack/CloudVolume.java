package org.alisw.runbooks.openstack;

import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /**
   * Cinder's statuses of a change under way: the volume is neither settled nor failed, and Cinder
   * refuses most requests until the change ends.
   */
  static final Set<String> IN_TRANSITION =
      Set.of(
          "creating", "downloading", "uploading", "reserved", "attaching", "detaching", "deleting",
          "extending", "backing-up", "restoring-backup", "retyping", "maintenance", "awaiting-transfer");

  /** A change of this volume is under way (attaching, detaching, deleting, extending, ...). */
  public boolean isInTransition() {
    return IN_TRANSITION.contains(status);
  }

  public boolean isAvailable() {
    return "available".equals(status);
  }

  public boolean isAttachedTo(String serverId) {
    return attachments.stream().anyMatch(a -> a.serverId().equals(serverId));
  }
}
