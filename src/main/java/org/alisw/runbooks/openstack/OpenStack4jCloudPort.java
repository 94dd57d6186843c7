package org.alisw.runbooks.openstack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.BDMDestType;
import org.openstack4j.model.compute.BDMSourceType;
import org.openstack4j.model.compute.InstanceAction;
import org.openstack4j.model.compute.Keypair;
import org.openstack4j.model.compute.RebootType;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerCreate;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.storage.block.Volume;
import org.openstack4j.openstack.image.v2.domain.GlanceImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CloudPort} on openstack4j: Keystone v3, Nova, Cinder and Glance. Thread-safe: the token
 * of each project is shared ({@link KeystoneSessions}), and every call builds its own client from
 * it on the calling thread, since openstack4j's sessions are thread-local ({@link OpenStackCalls}).
 * docs/openstack.md maps each operation to the API calls it makes.
 */
final class OpenStack4jCloudPort implements CloudPort {

  private static final Logger log = LoggerFactory.getLogger(OpenStack4jCloudPort.class);
  /** Metadata key: how many rebuilds Nova had recorded when this instance asked for one. */
  static final String REBUILDS_BEFORE_KEY = "runbook-rebuild-actions-before";
  /** Metadata key: how many reboots Nova had recorded when a runbook asked for the tagged one. */
  static final String REBOOTS_BEFORE_KEY = "runbook-reboot-actions-before";

  static final int IMAGE_PAGE = 100;
  private static final String UNRECOGNIZED = "unrecognized";

  /** ai-rebuild-vm's refusal, word for word, for a server without an image. */
  static final String BOOTED_FROM_VOLUME = "This VM booted from a volume, can't rebuild";

  private final OpenStackCalls calls;
  private final ImageChoice imageChoice;

  OpenStack4jCloudPort(OpenStackCalls calls, ImageChoice imageChoice) {
    this.calls = calls;
    this.imageChoice = imageChoice;
  }

  // --- Servers ---

  @Override
  public Optional<CloudServer> findServer(String project, String name) {
    // Nova treats ?name= as a regular expression (alibuild1 also finds alibuild10): keep exact.
    List<CloudServer> exact =
        calls.call(project, "find server " + name, os -> os.compute().servers().list(Map.of("name", name)))
            .stream()
            .filter(s -> name.equals(s.getName()))
            .map(OpenStack4jCloudPort::toCloudServer)
            .toList();
    if (exact.size() > 1) {
      throw new CloudRejectedException(
          exact.size() + " servers are named " + name + " in project " + project
              + "; resolve the duplicate by hand (ids " + exact.stream().map(CloudServer::id).toList() + ")",
          409);
    }
    return exact.stream().findFirst();
  }

  @Override
  public Optional<CloudServer> server(String project, String serverId) {
    return Optional.ofNullable(
            calls.call(project, "show server " + serverId, os -> os.compute().servers().get(serverId)))
        .map(OpenStack4jCloudPort::toCloudServer)
        .filter(s -> !"DELETED".equals(s.status()));
  }

  @Override
  public List<CloudServer> servers(String project) {
    return calls.call(project, "list servers", os -> os.compute().servers().list(true)).stream()
        .map(OpenStack4jCloudPort::toCloudServer)
        .toList();
  }

  @Override
  public void hardReboot(String project, String serverId, String requestKey) {
    CloudServer server = requireServer(project, serverId, "hard reboot");
    if (requestKey.equals(server.metadata().get(REBOOT_METADATA_KEY))
        && rebootActions(project, serverId) > parseCount(server.metadata().get(REBOOTS_BEFORE_KEY))) {
      log.info("Server {} ({}) in {} was already hard rebooted for {}: not re-issued", server.name(), serverId, project, requestKey);
      return;
    }
    // Tag first (POST merges the items): a retry after Nova accepted the reboot finds the tag and
    // one more reboot action than counted here, and stops above.
    Map<String, String> tag = Map.of(
        REBOOT_METADATA_KEY, requestKey, REBOOTS_BEFORE_KEY, Integer.toString(rebootActions(project, serverId)));
    calls.nova(project, "tag server " + server.name() + " for its hard reboot", HttpMethod.POST,
        "/servers/" + serverId + "/metadata", Map.of("metadata", tag));
    calls.nova(project, "hard reboot server " + server.name(), HttpMethod.POST, "/servers/" + serverId + "/action",
        Map.of("reboot", Map.of("type", RebootType.HARD.name())));
    log.info("Hard reboot of server {} ({}) in {} requested for {} (was {})", server.name(), serverId, project, requestKey, server.status());
  }

  /** How many reboots (hard or soft) Nova recorded for the server. */
  private int rebootActions(String project, String serverId) {
    return (int) calls.call(project, "list actions of server " + serverId, os -> os.compute().servers().instanceActions().list(serverId))
        .stream().filter(a -> "reboot".equals(a.getAction())).count();
  }

  @Override
  public CloudServer createServer(String project, ServerSpec spec) {
    Optional<CloudServer> existing = findServer(project, spec.name());
    if (existing.isPresent()) {
      return adopt(project, existing.get(), spec.runbookInstanceId(), "server " + spec.name());
    }
    String flavorId = flavorId(project, spec.flavor());
    String image = spec.image() == null ? imageChoice.defaultFamily() : spec.image();
    String imageId = bootImageId(project, image, spec.name());
    String what = "create server " + spec.name();
    Server created = calls.call(project, what, os -> os.compute().servers().boot(bootRequest(spec, flavorId, imageId, os.getToken())));
    if (created == null) {
      throw new CloudNotFoundException("Nova answered 404 when trying to " + what + " in project " + project);
    }
    log.info(
        "Server {} ({}) requested in {} zone {} flavor {} image {} ({}) volumes {} for runbook instance {}",
        spec.name(), created.getId(), project, spec.availabilityZone(), spec.flavor(), image, imageId,
        spec.volumes().stream().map(v -> v.device() + "=" + v.volumeId()).toList(), spec.runbookInstanceId());
    return server(project, created.getId())
        .orElseThrow(() -> new CloudException("Server " + spec.name() + " vanished right after it was created in " + project));
  }

  /** The boot request: ai-bs's fields, the volumes as block device mappings (v2). */
  private static ServerCreate bootRequest(ServerSpec spec, String flavorId, String imageId, Token token) {
    Project tenant = token == null ? null : token.getProject();
    var builder =
        Builders.server()
            .name(spec.name())
            .flavor(flavorId)
            .image(imageId)
            .addMetadata(spec.metadata(tenant == null ? null : tenant.getName(), tenant == null ? null : tenant.getId()));
    if (spec.keypair() != null) {
      builder.keypairName(spec.keypair());
    }
    if (spec.availabilityZone() != null) {
      builder.availabilityZone(spec.availabilityZone());
    }
    for (ServerSpec.BlockDevice device : spec.volumes()) {
      builder.blockDevice(
          Builders.blockDeviceMapping()
              .uuid(device.volumeId())
              .deviceName(device.device())
              .sourceType(BDMSourceType.VOLUME)
              .destinationType(BDMDestType.VOLUME)
              .deleteOnTermination(device.deleteOnTermination())
              .build());
    }
    if (spec.puppetinit() != null) {
      builder.userData(PuppetinitUserData.encode(spec.puppetinit()));
    }
    return builder.build();
  }

  @Override
  public void rebuildServer(String project, String serverId, String image, RebuildRequest request) {
    CloudServer server = requireServer(project, serverId, "rebuild");
    String what = "rebuild server " + server.name();
    String key = request.key();
    String recorded = server.metadata().get(REBUILD_METADATA_KEY);
    if (key.equals(recorded)) {
      if ("REBUILD".equals(server.status())) {
        log.info("Server {} in {} is already rebuilding for {}: not re-issued", server.name(), project, key);
        return;
      }
      if (rebuildActions(project, serverId) > parseCount(server.metadata().get(REBUILDS_BEFORE_KEY))) {
        log.info("Server {} in {} was already rebuilt for {}: not re-issued", server.name(), project, key);
        return;
      }
    } else if ("REBUILD".equals(server.status())) {
      throw new CloudRejectedException(
          "Server " + server.name() + " in " + project + " is being rebuilt by "
              + (recorded == null ? "someone else" : "runbook instance " + RebuildRequest.instanceOf(recorded) + " (" + recorded + ")"), 409);
    }
    if (server.imageId() == null || server.imageId().isBlank()) {
      log.warn("Server {} ({}) in {} booted from a volume: rebuild refused for {}", server.name(), serverId, project, key);
      throw new CloudRejectedException(BOOTED_FROM_VOLUME + ": server " + server.name() + " in " + project, 409);
    }
    // Checked before the server is tagged: Nova would refuse an unknown image only after the tag.
    String imageId = image == null ? server.imageId() : requireImageId(project, image, "rebuild server " + server.name());
    // openstack4j's updateMetadata is Nova's PUT, which replaces every item: send them all.
    Map<String, String> tagged = new LinkedHashMap<>(server.metadata());
    tagged.put(REBUILD_METADATA_KEY, key);
    tagged.put(REBUILDS_BEFORE_KEY, Integer.toString(rebuildActions(project, serverId)));
    calls.call(project, "tag server " + server.name() + " for its rebuild", os -> os.compute().servers().updateMetadata(serverId, tagged));
    calls.nova(project, what, HttpMethod.POST, "/servers/" + serverId + "/action", Map.of("rebuild", Map.of("imageRef", imageId)));
    log.info("Rebuild of server {} ({}) in {} with image {} ({}) requested for {}", server.name(), serverId, project,
        image == null ? "kept" : image, imageId, key);
  }

  @Override
  public String consoleOutput(String project, String serverId, int lines) {
    String output =
        calls.call(project, "show the console of server " + serverId, os -> os.compute().servers().getConsoleOutput(serverId, lines));
    if (output == null) {
      throw new CloudNotFoundException("Cannot show the console of server " + serverId + " in project " + project + ": it does not exist");
    }
    return output;
  }

  @Override
  public void deleteServer(String project, String serverId) {
    try {
      calls.nova(project, "delete server " + serverId, HttpMethod.DELETE, "/servers/" + serverId, null);
      log.info("Server {} in {} deleted", serverId, project);
    } catch (CloudNotFoundException e) {
      log.info("Server {} in {} is already gone", serverId, project);
    }
  }

  // --- Images, flavors, zones, keypairs ---

  @Override
  public List<CloudImage> images(String project) {
    List<CloudImage> images = new ArrayList<>();
    String marker = null;
    while (true) {
      Map<String, String> params = new HashMap<>();
      params.put("limit", Integer.toString(IMAGE_PAGE));
      if (marker != null) {
        params.put("marker", marker);
      }
      List<? extends Image> page = calls.call(project, "list images", os -> os.imagesV2().list(params));
      page.stream().map(OpenStack4jCloudPort::toCloudImage).forEach(images::add);
      if (page.size() < IMAGE_PAGE) {
        return images;
      }
      marker = page.get(page.size() - 1).getId();
    }
  }

  @Override
  public Optional<CloudImage> latestImage(String project, String family) {
    return imageChoice.latest(images(project), family);
  }

  @Override
  public List<CloudFlavor> flavors(String project) {
    return calls.call(project, "list flavors", os -> os.compute().flavors().list()).stream()
        .map(f -> new CloudFlavor(f.getId(), f.getName(), f.getVcpus(), f.getRam(), f.getDisk()))
        .toList();
  }

  @Override
  public List<String> availabilityZones(String project) {
    return calls.call(project, "list availability zones", os -> os.compute().zones().list(false)).stream()
        .filter(z -> z.getZoneState() == null || z.getZoneState().getAvailable())
        .map(z -> z.getZoneName())
        .toList();
  }

  @Override
  public CloudKeypair ensureKeypair(String project, String name, String publicKey) {
    String fingerprint;
    try {
      fingerprint = Fingerprints.md5(publicKey);
    } catch (IllegalArgumentException e) {
      throw new CloudRejectedException("The public key for keypair " + name + " is invalid: " + e.getMessage(), 400);
    }
    Keypair existing = calls.call(project, "show keypair " + name, os -> os.compute().keypairs().get(name));
    if (existing == null) {
      try {
        Keypair created =
            calls.call(project, "create keypair " + name, os -> os.compute().keypairs().create(name, publicKey));
        log.info("Keypair {} ({}) imported in {}", name, created.getFingerprint(), project);
        return new CloudKeypair(name, created.getFingerprint(), true);
      } catch (CloudRejectedException e) {
        if (e.status() != 409) {
          throw e;
        }
        // Created meanwhile by a concurrent job: compare with that one.
        existing = calls.call(project, "show keypair " + name, os -> os.compute().keypairs().get(name));
        if (existing == null) {
          throw e;
        }
      }
    }
    if (!fingerprint.equals(existing.getFingerprint())) {
      throw new CloudRejectedException(
          "Keypair " + name + " already exists in " + project + " with another key (fingerprint "
              + existing.getFingerprint() + ", the given key has " + fingerprint
              + "): delete it or use the same public key",
          409);
    }
    return new CloudKeypair(name, existing.getFingerprint(), false);
  }

  @Override
  public Optional<CloudKeypair> keypair(String project, String name) {
    Keypair keypair = calls.call(project, "show keypair " + name, os -> os.compute().keypairs().get(name));
    return Optional.ofNullable(keypair).map(k -> new CloudKeypair(k.getName(), k.getFingerprint(), false));
  }

  // --- Keystone ---

  @Override
  public CloudLogin authenticate(String project) {
    calls.forgetToken(project);
    return calls.call(project, "log in to Keystone", os -> {
      Token token = os.getToken();
      Project scoped = token.getProject();
      return new CloudLogin(
          scoped == null ? null : scoped.getId(),
          scoped == null ? null : scoped.getName(),
          token.getUser() == null ? null : token.getUser().getName(),
          token.getExpires() == null ? null : token.getExpires().toInstant().toString());
    });
  }

  // --- Volumes ---

  @Override
  public List<CloudVolume> volumesOf(String project, String serverId) {
    return server(project, serverId).map(CloudServer::attachedVolumeIds).orElse(List.of()).stream()
        .map(id -> volume(project, id))
        .flatMap(Optional::stream)
        .toList();
  }

  @Override
  public Optional<CloudVolume> volume(String project, String volumeId) {
    return Optional.ofNullable(calls.call(project, "show volume " + volumeId, os -> os.blockStorage().volumes().get(volumeId)))
        .map(OpenStack4jCloudPort::toCloudVolume)
        .map(v -> UNRECOGNIZED.equals(v.status()) ? withCinderStatus(project, v) : v);
  }

  /** openstack4j's enum has no reserved, extending, retyping, ...: Cinder's own word is needed. */
  private CloudVolume withCinderStatus(String project, CloudVolume v) {
    String status;
    try {
      status = calls.get(project, "show volume " + v.id(), ServiceType.BLOCK_STORAGE, "/volumes/" + v.id())
          .path("volume").path("status").asText(UNRECOGNIZED);
    } catch (CloudNotFoundException e) {
      status = "deleted";
    }
    return new CloudVolume(v.id(), v.name(), v.sizeGb(), v.type(), status, v.availabilityZone(), v.metadata(), v.attachments());
  }

  @Override
  public CloudVolume ensureVolume(String project, VolumeRequest request) {
    String name = request.name();
    List<CloudVolume> named =
        calls.call(project, "find volume " + name, os -> os.blockStorage().volumes().list(Map.of("name", name))).stream()
            .filter(v -> name.equals(v.getName()))
            .map(OpenStack4jCloudPort::toCloudVolume)
            .toList();
    Optional<CloudVolume> ours =
        named.stream().filter(v -> request.runbookInstanceId().equals(v.metadata().get(INSTANCE_METADATA_KEY))).findFirst();
    if (ours.isPresent() && "deleting".equals(ours.get().status())) {
      throw new CloudBusyException(
          "Volume " + name + " (" + ours.get().id() + ") of runbook instance " + request.runbookInstanceId() + " in "
              + project + " is being deleted; it is created again once it is gone");
    }
    if (ours.isPresent()) {
      log.info("Volume {} ({}) in {} already created by runbook instance {}: adopted", name, ours.get().id(), project, request.runbookInstanceId());
      return ours.get();
    }
    if (!named.isEmpty() && named.stream().allMatch(v -> "deleting".equals(v.status()))) {
      throw new CloudBusyException(
          "A volume named " + name + " in " + project + " is being deleted (" + named.get(0).id() + "); not created until it is gone");
    }
    if (!named.isEmpty()) {
      throw new CloudRejectedException(
          "A volume named " + name + " already exists in " + project + " (" + named.get(0).id()
              + ") and was not created by runbook instance " + request.runbookInstanceId(), 409);
    }
    VolumeSpec spec = request.spec();
    if (spec.type() != null) {
      // openstack4j turns Cinder's 404 for an unknown type into a null volume: check first.
      List<String> types =
          calls.call(project, "list volume types", os -> os.blockStorage().volumes().listVolumeTypes()).stream()
              .map(t -> t.getName())
              .toList();
      if (!types.contains(spec.type())) {
        throw new CloudNotFoundException(
            "Volume type with name " + spec.type() + " could not be found in project " + project + "; types: " + types);
      }
    }
    Volume created =
        calls.call(project, "create volume " + name, os -> {
          var builder =
              Builders.volume()
                  .name(name)
                  .size(spec.sizeGb())
                  .zone(request.availabilityZone())
                  .metadata(Map.of(INSTANCE_METADATA_KEY, request.runbookInstanceId()));
          if (spec.type() != null) {
            builder.volumeType(spec.type());
          }
          return os.blockStorage().volumes().create(builder.build());
        });
    if (created == null) {
      throw new CloudNotFoundException("Cinder answered 404 when trying to create volume " + name + " in project " + project);
    }
    log.info("Volume {} ({}, {}) requested in {} zone {} for runbook instance {}", name, created.getId(), spec, project, request.availabilityZone(), request.runbookInstanceId());
    return toCloudVolume(created);
  }

  @Override
  public void attachVolume(String project, String serverId, String volumeId, String device) {
    CloudVolume volume = volume(project, volumeId).orElseThrow(
        () -> new CloudNotFoundException("Cannot attach volume " + volumeId + " in " + project + ": it does not exist"));
    if (volume.isAttachedTo(serverId)) {
      log.info("Volume {} is already attached to server {} in {}", volume.name(), serverId, project);
      return;
    }
    if (volume.isInTransition()) {
      if (isBeingAttached(volume) && server(project, serverId).map(s -> s.attachedVolumeIds().contains(volumeId)).orElse(false)) {
        // Cinder lists no attachment until it is done, but Nova already has it: a retried job.
        log.info("Volume {} is already being attached to server {} in {}: not re-issued", volume.name(), serverId, project);
        return;
      }
      throw busy(volume, project, "attach it to server " + serverId);
    }
    if (!volume.attachments().isEmpty()) {
      throw new CloudRejectedException(
          "Volume " + volume.name() + " in " + project + " is attached to server " + volume.attachments().get(0).serverId()
              + ", not " + serverId, 409);
    }
    calls.call(project, "attach volume " + volume.name() + " to server " + serverId,
        os -> os.compute().servers().attachVolume(serverId, volumeId, device));
    log.info("Volume {} attached to server {} as {} in {}", volume.name(), serverId, device, project);
  }

  @Override
  public void detachVolume(String project, String serverId, String volumeId) {
    Optional<CloudVolume> volume = volume(project, volumeId);
    if (volume.isPresent() && "detaching".equals(volume.get().status())) {
      log.info("Volume {} is already being detached in {}: not re-issued", volumeId, project);
      return;
    }
    if (volume.isPresent() && (isBeingAttached(volume.get()) || volume.get().isInTransition() && !volume.get().attachments().isEmpty())) {
      // An attach under way lists no attachment yet; an attached volume being extended or backed up
      // cannot be detached now: either way, try again later rather than report "nothing to detach".
      throw busy(volume.get(), project, "detach it from server " + serverId);
    }
    if (volume.isEmpty() || !volume.get().isAttachedTo(serverId)) {
      log.info("Volume {} is not attached to server {} in {}: nothing to detach", volumeId, serverId, project);
      return;
    }
    try {
      calls.nova(project, "detach volume " + volume.get().name() + " from server " + serverId, HttpMethod.DELETE,
          "/servers/" + serverId + "/os-volume_attachments/" + volumeId, null);
    } catch (CloudNotFoundException e) {
      log.info("Volume {} was detached from server {} meanwhile", volumeId, serverId);
      return;
    }
    log.info("Volume {} detached from server {} in {}", volume.get().name(), serverId, project);
  }

  @Override
  public void deleteVolume(String project, String volumeId) {
    String what = "delete volume " + volumeId;
    Optional<CloudVolume> volume = volume(project, volumeId);
    if (volume.isEmpty()) {
      log.info("Volume {} in {} is already gone", volumeId, project);
      return;
    }
    if ("deleting".equals(volume.get().status())) {
      log.info("Volume {} in {} is already being deleted: not re-issued", volumeId, project);
      return;
    }
    if (volume.get().isInTransition()) {
      throw busy(volume.get(), project, "delete it");
    }
    ActionResponse response = calls.call(project, what, os -> os.blockStorage().volumes().delete(volumeId));
    if (response.getCode() == 404) {
      log.info("Volume {} in {} is already gone", volumeId, project);
      return;
    }
    calls.check(response, project, what);
    log.info("Volume {} in {} deleted", volumeId, project);
  }

  // --- Helpers ---

  /** Cinder's word for the status; openstack4j misspells one ({@code RESERVERD}). */
  static String cinderStatus(Volume.Status status) {
    if (status == null) {
      return "unknown";
    }
    return switch (status) {
      case RESERVERD -> "reserved";
      case UNRECOGNIZED -> UNRECOGNIZED;
      default -> status.value();
    };
  }

  private static boolean isBeingAttached(CloudVolume volume) {
    return "attaching".equals(volume.status()) || "reserved".equals(volume.status());
  }

  private static CloudBusyException busy(CloudVolume volume, String project, String action) {
    return new CloudBusyException(
        "Volume " + volume.name() + " (" + volume.id() + ") in " + project + " is " + volume.status()
            + "; cannot " + action + " yet: the job is retried");
  }

  private CloudServer requireServer(String project, String serverId, String action) {
    return server(project, serverId).orElseThrow(() -> new CloudNotFoundException(
        "Cannot " + action + " server " + serverId + " in project " + project + ": it does not exist"));
  }

  private static CloudServer adopt(String project, CloudServer existing, String instanceId, String what) {
    if (instanceId.equals(existing.createdByInstance())) {
      log.info("{} ({}) in {} already created by runbook instance {}: adopted", what, existing.id(), project, instanceId);
      return existing;
    }
    throw new CloudRejectedException(
        what + " already exists in " + project + " (" + existing.id() + ", "
            + (existing.createdByInstance() == null ? "not created by a runbook" : "created by runbook instance " + existing.createdByInstance())
            + "); refusing to create another", 409);
  }

  /** The id of the flavor with this name; an unknown name goes to Nova as is, which refuses it. */
  private String flavorId(String project, String flavor) {
    return flavors(project).stream()
        .filter(f -> f.name().equals(flavor) || f.id().equals(flavor))
        .map(CloudFlavor::id)
        .findFirst()
        .orElse(flavor);
  }

  /**
   * The image to boot with: the latest of a family (refused when there is none); an unknown name
   * goes to Nova as given, which refuses it with its own message.
   */
  private String bootImageId(String project, String image, String server) {
    return imageChoice.isFamily(image) ? requireImageId(project, image, "boot " + server) : findImageId(project, image).orElse(image);
  }

  /** The image a family alias, name or id stands for; refused when there is none. */
  private String requireImageId(String project, String image, String action) {
    Optional<String> id =
        imageChoice.isFamily(image) ? latestImage(project, image).map(CloudImage::id) : findImageId(project, image);
    return id.orElseThrow(() -> new CloudNotFoundException(
        "Cannot " + action + " in " + project + ": no active image "
            + (imageChoice.isFamily(image) ? "of family " + image + " (os_distro properties, edition and x86_64)" : image)));
  }

  /** The newest active image with this name or id. */
  private Optional<String> findImageId(String project, String image) {
    return images(project).stream()
        .filter(CloudImage::isActive)
        .filter(i -> image.equals(i.id()) || image.equals(i.name()))
        .max(Comparator.comparing(CloudImage::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
        .map(CloudImage::id);
  }

  private int rebuildActions(String project, String serverId) {
    List<? extends InstanceAction> actions =
        calls.call(project, "list actions of server " + serverId, os -> os.compute().servers().instanceActions().list(serverId));
    return (int) actions.stream().filter(a -> "rebuild".equals(a.getAction())).count();
  }

  private static int parseCount(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // --- Mapping ---

  static CloudServer toCloudServer(Server s) {
    List<String> addresses = new ArrayList<>();
    if (s.getAddresses() != null && s.getAddresses().getAddresses() != null) {
      s.getAddresses().getAddresses().values().forEach(list -> list.stream().map(Address::getAddr).forEach(addresses::add));
    }
    return new CloudServer(
        s.getId(),
        s.getName(),
        s.getStatus() == null ? "UNKNOWN" : s.getStatus().name(),
        s.getAvailabilityZone(),
        s.getMetadata(),
        s.getFault() == null ? null : s.getFault().getMessage(),
        addresses,
        s.getOsExtendedVolumesAttached(),
        s.getFlavorId(),
        s.getImageId(),
        s.getKeyName());
  }

  static CloudImage toCloudImage(Image i) {
    // Glance v2 lists properties at the top level: openstack4j maps os_distro and architecture
    // to fields and keeps the others (os_distro_major, release_date, ...) as additional properties.
    Map<String, String> properties = new LinkedHashMap<>();
    if (i instanceof GlanceImage glance && glance.getAdditionalProperties() != null) {
      glance.getAdditionalProperties().forEach((k, v) -> {
        if (v != null) {
          properties.put(k, v);
        }
      });
    }
    putIfSet(properties, "os_distro", i.getOsDistro());
    putIfSet(properties, "os_version", i.getOsVersion());
    putIfSet(properties, "architecture", i.getArchitecture());
    return new CloudImage(
        i.getId(),
        i.getName(),
        i.getStatus() == null ? null : i.getStatus().name().toLowerCase(),
        i.getCreatedAt() == null ? null : i.getCreatedAt().toInstant().toString(),
        properties);
  }

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  static CloudVolume toCloudVolume(Volume v) {
    List<CloudVolume.Attachment> attachments = new ArrayList<>();
    if (v instanceof org.openstack4j.openstack.storage.block.domain.CinderVolume cinder && cinder.getAttachments() != null) {
      cinder.getAttachments().forEach(a -> attachments.add(new CloudVolume.Attachment(a.getServerId(), a.getDevice())));
    }
    return new CloudVolume(
        v.getId(),
        v.getName(),
        v.getSize(),
        v.getVolumeType(),
        cinderStatus(v.getStatus()),
        v.getZone(),
        v.getMetaData() == null ? Map.of() : new LinkedHashMap<>(v.getMetaData()),
        attachments);
  }

}
