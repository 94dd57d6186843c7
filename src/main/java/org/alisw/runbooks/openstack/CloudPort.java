package org.alisw.runbooks.openstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cloud as the runbooks see it: what the guide does with {@code openstack server ...},
 * {@code ai-bs}, {@code ai-rebuild-vm} and {@code ai-kill}.
 *
 * <p>{@code project} is a configured project key (for example {@code release-testing} for
 * "ALICE Release Testing"); the adapter maps it to credentials. Methods only report state: waiting
 * for a state is the process's job (timer loops), never a sleeping thread.
 *
 * <p>Every mutating method is idempotent, since jobs run at least once: creating adopts what this
 * runbook instance created before, deleting what is gone succeeds, an action already under way is
 * not issued again.
 *
 * <p>Failures: {@link CloudUnavailableException} for 5xx, dropped connections and timeouts (let
 * the engine retry the job); {@link CloudQuotaExceededException}, {@link CloudNotFoundException}
 * and other {@link CloudRejectedException}s when OpenStack refused the request; {@link
 * CloudAuthenticationException} when Keystone gave no token.
 */
public interface CloudPort {

  /** The metadata key holding the id of the runbook instance that created a server or volume. */
  String INSTANCE_METADATA_KEY = "runbook-instance-id";

  /** The metadata key holding the {@link RebuildRequest#key()} of the last rebuild a runbook asked for. */
  String REBUILD_METADATA_KEY = "runbook-rebuild-instance-id";

  /** The server with exactly this name in the project, if any. */
  Optional<CloudServer> findServer(String project, String name);

  /** The server's current state; empty once it is deleted. */
  Optional<CloudServer> server(String project, String serverId);

  /** The metadata key holding the request key of the last hard reboot a runbook asked for. */
  String REBOOT_METADATA_KEY = "runbook-reboot-request";

  /**
   * {@code openstack server reboot --hard}, once per {@code requestKey} (unique per runbook step
   * and round, see {@code runbook.guard.StepKey}): a repeated call with the same key does nothing
   * once Nova recorded the reboot; a new key reboots even a server stuck in HARD_REBOOT.
   */
  void hardReboot(String project, String serverId, String requestKey);

  /** {@code openstack server list}. */
  List<CloudServer> servers(String project);

  /** {@code openstack image list}: every image, all pages. */
  List<CloudImage> images(String project);

  /**
   * "The latest CC7 image" as ai-bs's {@code --cc7} chooses it: among the active images of the
   * family's {@code os_distro}/{@code os_distro_major}, edition {@code Base}, {@code x86_64}, with a
   * {@code release_date} and not a snapshot, the highest {@code os_distro_minor}, then the newest
   * release date. Empty if none.
   *
   * @param family a configured image family ({@code cc7}, {@code alma9}); null for the default one
   * @throws CloudNotFoundException when no such family is configured
   */
  Optional<CloudImage> latestImage(String project, String family);

  /** {@code openstack flavor list}. */
  List<CloudFlavor> flavors(String project);

  /** The availability zones that are available ({@code cern-geneva-a/b/c}). */
  List<String> availabilityZones(String project);

  /**
   * {@code openstack keypair create --public-key alibuild.pub alibuild} if absent; nothing if a
   * keypair of that name has the same fingerprint.
   *
   * @throws CloudRejectedException (409) when a keypair of that name holds another key
   */
  CloudKeypair ensureKeypair(String project, String name, String publicKey);

  /** {@link #ensureKeypair(String, String, String)} with the key read from a {@code .pub} file. */
  default CloudKeypair ensureKeypair(String project, String name, Path publicKeyFile) {
    try {
      return ensureKeypair(project, name, Files.readString(publicKeyFile).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the public key " + publicKeyFile, e);
    }
  }

  /**
   * Boots a server as {@code ai-bs} does: its volumes (created before, see {@link
   * VolumeRequest#beforeBoot}) attached at boot, the metadata {@code tenant-name}, {@code tenant-id},
   * {@code landb-*} and this runbook instance, the key, the zone, and the puppetinit user data. If a
   * server of that name carries this runbook instance's id, it is returned instead (a repeated
   * job); if it belongs to someone else, the create is refused (409). Returns the server as Nova
   * reports it right after the request (BUILD).
   */
  CloudServer createServer(String project, ServerSpec spec);

  /**
   * {@code ai-rebuild-vm}: rebuilds the server's root disk; Nova keeps its user data, metadata,
   * key and volumes. Issued once per {@link RebuildRequest}: not again while the server is
   * rebuilding for it, nor after the rebuild it asked for has finished; a new round of the same
   * runbook instance is a new rebuild.
   *
   * @param image a family alias ({@code cc7}: the latest, as {@code --cc7}), an image name or id;
   *     null keeps the server's current image, as ai-rebuild-vm without an image option
   * @throws CloudRejectedException "This VM booted from a volume, can't rebuild" when the server
   *     has no image
   */
  void rebuildServer(String project, String serverId, String image, RebuildRequest request);

  /**
   * The last {@code lines} lines of the server's console ({@code openstack console log show
   * --lines N}), where cloud-init prints the SSH host key fingerprints; 0 or less for all of it.
   *
   * @throws CloudRejectedException (409) while the server is not ready to show one
   */
  String consoleOutput(String project, String serverId, int lines);

  /** {@code ai-kill}'s Nova part: deletes the server; a server already gone is fine. */
  void deleteServer(String project, String serverId);

  /** The volumes attached to the server, as Cinder reports them. */
  List<CloudVolume> volumesOf(String project, String serverId);

  /** The volume's current state; empty once it is deleted. */
  Optional<CloudVolume> volume(String project, String volumeId);

  /**
   * Creates the Cinder volume ({@code creating}, then {@code available}); if a volume of that
   * name carries this runbook instance's id it is returned instead.
   */
  CloudVolume ensureVolume(String project, VolumeRequest request);

  /**
   * Attaches an available volume to an ACTIVE server as {@code device} ({@code /dev/vdb});
   * nothing if it is already attached to that server.
   */
  void attachVolume(String project, String serverId, String volumeId, String device);

  /** Detaches the volume from the server; nothing if it is not attached there. */
  void detachVolume(String project, String serverId, String volumeId);

  /** Deletes the volume; a volume already gone is fine. It must not be attached any more. */
  void deleteVolume(String project, String volumeId);

  // --- Read-only look-ups of the guide's "Getting access" (preflight) ---

  /**
   * Logs in to the project afresh (a cached token is not reused): proves that the credentials
   * {@code eval $(ai-rc ...)} exported still authenticate, and says as whom and in which project
   * Keystone scoped the token.
   *
   * @throws CloudAuthenticationException when Keystone refuses the credentials or the project
   */
  CloudLogin authenticate(String project);

  /** {@code openstack keypair show NAME}: the keypair of the logged-in user, if it exists. */
  Optional<CloudKeypair> keypair(String project, String name);
}
