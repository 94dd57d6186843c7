package org.alisw.runbooks.openstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server as {@code ai-bs} creates it.
 *
 * @param name the Nova server name: the short host name ({@code alibuild13}), as ai-bs uses the
 *     first label of the FQDN
 * @param flavor a flavor name ({@code m2.2xlarge}) or id
 * @param image an image family alias ({@code cc7}: the latest by properties), an image name or an
 *     id; null for the default family
 * @param keypair the Nova keypair to inject, or null
 * @param landbMainUser {@code --landb-mainuser}, or null (CERN then assigns the caller)
 * @param landbResponsible {@code --landb-responsible}, or null
 * @param landbIpv6Ready {@code --landb-ipv6ready}: always sent, as "true" or "false"
 * @param hostgroup the Foreman hostgroup ({@code alibuild/mesos/slave}), kept in the metadata
 * @param environment the Foreman environment ({@code production}), kept in the metadata
 * @param volumes volumes created before the boot, attached by Nova at boot
 * @param puppetinit the rendered puppetinit script; sent as ai-bs's MIME multipart user data, or
 *     no user data when null
 * @param extraMetadata anything else to put in the server's metadata ({@code --nova-parameter})
 * @param runbookInstanceId the process instance that creates it: recorded in the metadata, so that
 *     a repeated create adopts this server instead of making a second one
 */
public record ServerSpec(
    String name,
    String flavor,
    String image,
    String keypair,
    String availabilityZone,
    String landbMainUser,
    String landbResponsible,
    boolean landbIpv6Ready,
    String hostgroup,
    String environment,
    List<BlockDevice> volumes,
    String puppetinit,
    Map<String, String> extraMetadata,
    String runbookInstanceId) {

  /**
   * A volume attached at boot, as ai-bs's block device mapping.
   *
   * @param device {@code vdb}..{@code vdz}
   * @param deleteOnTermination false, as ai-bs without {@code :delete-on-terminate}: the volume
   *     outlives the server
   */
  public record BlockDevice(String volumeId, String device, boolean deleteOnTermination) {

    public BlockDevice {
      if (volumeId == null || volumeId.isBlank()) {
        throw new IllegalArgumentException("a block device needs a volume id");
      }
      if (device == null || !device.matches("vd[b-z]")) {
        throw new IllegalArgumentException("device must be vdb..vdz, not " + device);
      }
    }
  }

  public ServerSpec {
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    extraMetadata = extraMetadata == null ? Map.of() : Map.copyOf(extraMetadata);
    if (runbookInstanceId == null || runbookInstanceId.isBlank()) {
      throw new IllegalArgumentException("a server is created by a runbook instance: runbookInstanceId is required");
    }
    if (volumes.stream().map(BlockDevice::device).distinct().count() != volumes.size()) {
      throw new IllegalArgumentException("a device is used twice in " + volumes);
    }
  }

  /** A server without volumes, user data, or IPv6 readiness. */
  public ServerSpec(
      String name,
      String flavor,
      String image,
      String keypair,
      String availabilityZone,
      String landbMainUser,
      String landbResponsible,
      String hostgroup,
      String environment,
      Map<String, String> extraMetadata,
      String runbookInstanceId) {
    this(name, flavor, image, keypair, availabilityZone, landbMainUser, landbResponsible, false, hostgroup,
        environment, List.of(), null, extraMetadata, runbookInstanceId);
  }

  /** This spec with these volumes attached at boot. */
  public ServerSpec withVolumes(List<BlockDevice> devices) {
    return new ServerSpec(name, flavor, image, keypair, availabilityZone, landbMainUser, landbResponsible,
        landbIpv6Ready, hostgroup, environment, devices, puppetinit, extraMetadata, runbookInstanceId);
  }

  /** This spec with the rendered puppetinit script as user data. */
  public ServerSpec withPuppetinit(String script) {
    return new ServerSpec(name, flavor, image, keypair, availabilityZone, landbMainUser, landbResponsible,
        landbIpv6Ready, hostgroup, environment, volumes, script, extraMetadata, runbookInstanceId);
  }

  /** This spec with {@code --landb-ipv6ready} set or not. */
  public ServerSpec withLandbIpv6Ready(boolean ready) {
    return new ServerSpec(name, flavor, image, keypair, availabilityZone, landbMainUser, landbResponsible,
        ready, hostgroup, environment, volumes, puppetinit, extraMetadata, runbookInstanceId);
  }

  /**
   * The Nova metadata: the extra items, ai-bs's keys ({@code tenant-name}, {@code tenant-id} of the
   * project the server is booted in, {@code landb-*}), the Foreman settings, this runbook instance.
   */
  public Map<String, String> metadata(String tenantName, String tenantId) {
    Map<String, String> metadata = new LinkedHashMap<>(extraMetadata);
    putIfSet(metadata, "tenant-name", tenantName);
    putIfSet(metadata, "tenant-id", tenantId);
    putIfSet(metadata, "landb-mainuser", landbMainUser);
    putIfSet(metadata, "landb-responsible", landbResponsible);
    metadata.put("landb-ipv6ready", Boolean.toString(landbIpv6Ready));
    putIfSet(metadata, "foreman-hostgroup", hostgroup);
    putIfSet(metadata, "foreman-environment", environment);
    metadata.put(CloudPort.INSTANCE_METADATA_KEY, runbookInstanceId);
    return metadata;
  }

  private static void putIfSet(Map<String, String> metadata, String key, String value) {
    if (value != null && !value.isBlank()) {
      metadata.put(key, value);
    }
  }
}
