package org.alisw.runbooks.openstack;

/**
 * A new Cinder volume for a server, as {@code ai-bs --nova-attach-new-volume} creates it.
 *
 * @param name the volume's name: {@code <fqdn>_vol_001} as ai-bs names it
 * @param availabilityZone the Cinder zone, or null for Cinder's default (ai-bs passes none)
 * @param runbookInstanceId recorded in the volume's metadata, so that a repeated request adopts it
 */
public record VolumeRequest(String name, VolumeSpec spec, String availabilityZone, String runbookInstanceId) {

  public VolumeRequest {
    if (runbookInstanceId == null || runbookInstanceId.isBlank()) {
      throw new IllegalArgumentException("a volume is created by a runbook instance: runbookInstanceId is required");
    }
  }

  /**
   * The {@code ordinal}-th volume ai-bs creates before booting {@code fqdn}: named {@code
   * alibuild13.cern.ch_vol_001}, with its type and no availability zone.
   *
   * @param ordinal 1 for the first volume of the server
   */
  public static VolumeRequest beforeBoot(String fqdn, int ordinal, VolumeSpec spec, String runbookInstanceId) {
    if (fqdn == null || !fqdn.contains(".")) {
      throw new IllegalArgumentException("ai-bs names volumes after the FQDN (alibuild13.cern.ch), not " + fqdn);
    }
    if (ordinal < 1 || ordinal > 999) {
      throw new IllegalArgumentException("volume ordinals run from 1 to 999, not " + ordinal);
    }
    return new VolumeRequest(String.format("%s_vol_%03d", fqdn, ordinal), spec, null, runbookInstanceId);
  }

  /**
   * A volume for an existing server, attached after it is ACTIVE: named after the server and the
   * device, in the server's zone.
   */
  public static VolumeRequest forServer(CloudServer server, VolumeSpec spec, String runbookInstanceId) {
    return new VolumeRequest(server.name() + "-" + spec.device(), spec, server.availabilityZone(), runbookInstanceId);
  }
}
