package org.alisw.runbooks.openstack;

/**
 * A new Cinder volume for a server, as {@code ai-bs --nova-attach-new-volume} creates it.
 *
 * @param name the volume's name, for example {@code alibuild13-vdb}
 * @param availabilityZone the server's zone (CERN does not attach across zones)
 * @param runbookInstanceId recorded in the volume's metadata, so that a repeated request adopts it
 */
public record VolumeRequest(String name, VolumeSpec spec, String availabilityZone, String runbookInstanceId) {

  public VolumeRequest {
    if (runbookInstanceId == null || runbookInstanceId.isBlank()) {
      throw new IllegalArgumentException("a volume is created by a runbook instance: runbookInstanceId is required");
    }
  }

  /** The volume ai-bs would make for {@code server}: named after the server and the device. */
  public static VolumeRequest forServer(CloudServer server, VolumeSpec spec, String runbookInstanceId) {
    return new VolumeRequest(server.name() + "-" + spec.device(), spec, server.availabilityZone(), runbookInstanceId);
  }
}
