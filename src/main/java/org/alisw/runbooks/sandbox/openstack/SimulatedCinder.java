package org.alisw.runbooks.sandbox.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Call;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Response;

/**
 * Cinder v3 under {@code /volume/v3/{project_id}}: volumes with types ({@code standard}, {@code
 * io1}, {@code cp1}), in a zone, {@code creating} for a while and then {@code available}; Nova
 * attaches them ({@code in-use}) and detaches them. Quotas on volumes and gigabytes per project.
 *
 * <p>Attach, detach and delete can take time ({@link #setAttachTime} and the like): the volume is
 * {@code attaching}, {@code detaching} or {@code deleting} meanwhile, and, as in Cinder, lists no
 * attachment while it is not {@code in-use}. {@link #holdStatus} holds a volume in any status
 * ({@code extending}, {@code backing-up}, ...) for a while. Requests Cinder refuses in such a
 * status are refused with Cinder's 400.
 */
public final class SimulatedCinder {

  public static final Set<String> VOLUME_TYPES = Set.of("standard", "io1", "cp1");
  private static final String BASE = "/volume/v3/([^/]+)";

  /** One volume; status is settled lazily against the clock like the servers'. */
  public static final class Volume {
    final String id;
    final String name;
    final int size;
    final String type;
    final String zone;
    final String project;
    final Instant created;
    final Map<String, String> metadata;
    volatile Instant availableAt;
    volatile String serverId;
    volatile String device;
    volatile Instant attachedAt;
    /** A status held until {@link #transitionEnds}, then what {@link #onSettled} does. */
    volatile String transition;
    volatile Instant transitionEnds;
    volatile Settled onSettled;

    Volume(String name, int size, String type, String zone, String project, Instant created,
        Instant availableAt, Map<String, String> metadata) {
      this(UUID.randomUUID().toString(), name, size, type, zone, project, created, availableAt, metadata);
    }

    Volume(String id, String name, int size, String type, String zone, String project, Instant created,
        Instant availableAt, Map<String, String> metadata) {
      this.id = id;
      this.name = name;
      this.size = size;
      this.type = type;
      this.zone = zone;
      this.project = project;
      this.created = created;
      this.availableAt = availableAt;
      this.metadata = new LinkedHashMap<>(metadata);
    }

    public String id() {
      return id;
    }

    public String name() {
      return name;
    }

    public int size() {
      return size;
    }

    public String type() {
      return type;
    }

    public String zone() {
      return zone;
    }

    public String project() {
      return project;
    }

    public String serverId() {
      return serverId;
    }

    public String device() {
      return device;
    }

    public synchronized Map<String, String> metadata() {
      return Map.copyOf(metadata);
    }

    public String status(Instant now) {
      String held = transition;
      Instant ends = transitionEnds;
      if (held != null && ends != null && now.isBefore(ends)) {
        return held;
      }
      if (serverId != null) {
        return "in-use";
      }
      return now.isBefore(availableAt) ? "creating" : "available";
    }
  }

  /** What a volume's held status leaves behind when it ends (a value, so the world can keep it). */
  enum Settled {
    NOTHING,
    DETACHED,
    DELETED
  }

  private final SimulatedDataCentre dataCentre;
  private final Map<String, Volume> volumes = new ConcurrentHashMap<>();
  private final Map<String, Integer> volumeQuota = new ConcurrentHashMap<>();
  private final Map<String, Integer> gigabyteQuota = new ConcurrentHashMap<>();
  private volatile Duration creation = Duration.ofSeconds(2);
  private volatile Duration attachTime = Duration.ZERO;
  private volatile Duration detachTime = Duration.ZERO;
  private volatile Duration deleteTime = Duration.ZERO;

  SimulatedCinder(SimulatedDataCentre dataCentre) {
    this.dataCentre = dataCentre;
  }

  // --- State for the sandbox and the tests ---

  /** How long a new volume stays {@code creating}. */
  public void setCreationTime(Duration creation) {
    this.creation = creation;
  }

  /** How long an attached volume stays {@code attaching} before it is {@code in-use}. */
  public void setAttachTime(Duration attachTime) {
    this.attachTime = attachTime;
  }

  /** How long a volume stays {@code detaching} before it is {@code available}. */
  public void setDetachTime(Duration detachTime) {
    this.detachTime = detachTime;
  }

  /** How long a deleted volume stays {@code deleting} before it is gone. */
  public void setDeleteTime(Duration deleteTime) {
    this.deleteTime = deleteTime;
  }

  /**
   * Holds the volume in {@code status} ({@code reserved}, {@code extending}, {@code backing-up},
   * ...) for {@code duration} of the data centre's clock, as a stuck or slow Cinder would.
   */
  public void holdStatus(String volumeId, String status, Duration duration) {
    Volume volume = volume(volumeId).orElseThrow(() -> new IllegalArgumentException("no volume " + volumeId));
    startTransition(volume, status, duration, Settled.NOTHING);
  }

  public void setQuota(String project, int volumes, int gigabytes) {
    volumeQuota.put(project, volumes);
    gigabyteQuota.put(project, gigabytes);
  }

  public List<Volume> volumes() {
    settle();
    return volumes.values().stream().sorted(Comparator.comparing(v -> v.created)).toList();
  }

  public Optional<Volume> volume(String id) {
    settle();
    return Optional.ofNullable(volumes.get(id));
  }

  /** A volume that already exists, available, for example the seeded agents' data disks. */
  public Volume addVolume(String name, int size, String type, String zone, String project) {
    Instant now = dataCentre.now();
    Volume volume = new Volume(name, size, type, zone, project, now, now, Map.of());
    volumes.put(volume.id, volume);
    return volume;
  }

  // --- The sandbox's world on disk ---

  /** Volumes with their attachments and held statuses, and the quotas. */
  record Snapshot(List<VolumeSnapshot> volumes, Map<String, Integer> volumeQuota, Map<String, Integer> gigabyteQuota) {}

  record VolumeSnapshot(
      String id, String name, int size, String type, String zone, String project, Instant created,
      Map<String, String> metadata, Instant availableAt, String serverId, String device, Instant attachedAt,
      String transition, Instant transitionEnds, Settled onSettled) {}

  synchronized Snapshot snapshot() {
    List<VolumeSnapshot> kept =
        volumes.values().stream()
            .sorted(Comparator.comparing((Volume v) -> v.created).thenComparing(v -> v.id))
            .map(v -> new VolumeSnapshot(
                v.id, v.name, v.size, v.type, v.zone, v.project, v.created, v.metadata(), v.availableAt,
                v.serverId, v.device, v.attachedAt, v.transition, v.transitionEnds, v.onSettled))
            .toList();
    return new Snapshot(kept, Map.copyOf(volumeQuota), Map.copyOf(gigabyteQuota));
  }

  synchronized void restore(Snapshot snapshot) {
    volumes.clear();
    for (VolumeSnapshot k : snapshot.volumes()) {
      Volume v = new Volume(k.id(), k.name(), k.size(), k.type(), k.zone(), k.project(), k.created(),
          k.availableAt(), k.metadata() == null ? Map.of() : k.metadata());
      v.serverId = k.serverId();
      v.device = k.device();
      v.attachedAt = k.attachedAt();
      v.transition = k.transition();
      v.transitionEnds = k.transitionEnds();
      v.onSettled = k.onSettled();
      volumes.put(v.id, v);
    }
    volumeQuota.clear();
    volumeQuota.putAll(snapshot.volumeQuota());
    gigabyteQuota.clear();
    gigabyteQuota.putAll(snapshot.gigabyteQuota());
  }

  // --- Used by Nova ---

  /** Attaches as Nova does after checking the volume is available in the caller's project. */
  synchronized void attach(Volume volume, String serverId, String device) {
    volume.serverId = serverId;
    volume.device = device;
    volume.attachedAt = dataCentre.now();
    startTransition(volume, "attaching", attachTime, Settled.NOTHING);
  }

  /** Detaches as Nova asks, refused as Cinder's begin_detaching refuses a volume not in-use. */
  synchronized void detach(Volume volume) {
    String status = volume.status(dataCentre.now());
    if (!"in-use".equals(status)) {
      throw ApiError.badRequest(
          "Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be"
              + " 'attached' to detach. Currently: status: '" + status + "'");
    }
    if (!startTransition(volume, "detaching", detachTime, Settled.DETACHED)) {
      clearAttachment(volume);
    }
  }

  private static void clearAttachment(Volume volume) {
    volume.serverId = null;
    volume.device = null;
    volume.attachedAt = null;
  }

  /** Holds the status for {@code duration} (nothing when it is zero); false when not held. */
  private synchronized boolean startTransition(Volume volume, String status, Duration duration, Settled then) {
    if (duration.isZero() || duration.isNegative()) {
      return false;
    }
    volume.transition = status;
    volume.transitionEnds = dataCentre.now().plus(duration);
    volume.onSettled = then;
    return true;
  }

  /** Ends the transitions whose time is up, with what they leave behind (detached, deleted). */
  private synchronized void settle() {
    Instant now = dataCentre.now();
    for (Volume volume : List.copyOf(volumes.values())) {
      if (volume.transition != null && !now.isBefore(volume.transitionEnds)) {
        Settled then = volume.onSettled;
        volume.transition = null;
        volume.transitionEnds = null;
        volume.onSettled = null;
        if (then == Settled.DETACHED) {
          clearAttachment(volume);
        } else if (then == Settled.DELETED) {
          volumes.remove(volume.id);
        }
      }
    }
  }

  List<Volume> attachedTo(String serverId) {
    return volumes().stream().filter(v -> serverId.equals(v.serverId)).toList();
  }

  /** A deleted server leaves its volumes behind, available (delete_on_termination false). */
  synchronized void serverDeleted(String serverId) {
    attachedTo(serverId).forEach(SimulatedCinder::clearAttachment);
  }

  // --- HTTP ---

  void registerRoutes(OpenStackSimulator simulator) {
    simulator.route("POST", BASE + "/volumes", "cinder.volumes.create", this::create);
    simulator.route("GET", BASE + "/volumes", "cinder.volumes.list", c -> list(c, false));
    simulator.route("GET", BASE + "/volumes/detail", "cinder.volumes.list", c -> list(c, true));
    simulator.route("GET", BASE + "/volumes/([^/]+)", "cinder.volumes.show", this::show);
    simulator.route("DELETE", BASE + "/volumes/([^/]+)", "cinder.volumes.delete", this::delete);
    simulator.route("GET", BASE + "/types", "cinder.types.list", this::types);
  }

  private Response create(Call call) {
    checkProject(call);
    JsonNode v = call.body().path("volume");
    if (v.isMissingNode()) {
      throw ApiError.badRequest("Missing required element 'volume' in request body.");
    }
    if (!v.path("size").canConvertToInt() || v.path("size").asInt() <= 0) {
      throw ApiError.badRequest(
          "Invalid input for field/attribute size. Value: " + v.path("size") + ". 'size' must be an integer >= 1");
    }
    int size = v.path("size").asInt();
    String type = v.hasNonNull("volume_type") ? v.get("volume_type").asText() : "standard";
    if (!VOLUME_TYPES.contains(type)) {
      throw ApiError.notFound("Volume type with name " + type + " could not be found.");
    }
    String zone = v.hasNonNull("availability_zone") ? v.get("availability_zone").asText() : SimulatedDataCentre.ZONES.get(0);
    if (!SimulatedDataCentre.ZONES.contains(zone)) {
      throw ApiError.badRequest("Invalid input received: Availability zone '" + zone + "' is invalid.");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    v.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
    Volume volume;
    synchronized (this) {
      checkQuota(call.project(), size);
      Instant now = dataCentre.now();
      volume = new Volume(v.path("name").asText(null), size, type, zone, call.project(), now, now.plus(creation), metadata);
      volumes.put(volume.id, volume);
    }
    return Response.json(202, Map.of("volume", body(volume, dataCentre.now())));
  }

  private void checkQuota(String project, int size) {
    List<Volume> existing = volumes().stream().filter(x -> x.project.equals(project)).toList();
    int maxVolumes = volumeQuota.getOrDefault(project, 50);
    if (existing.size() + 1 > maxVolumes) {
      throw new ApiError(413, "overLimit",
          "VolumeLimitExceeded: Maximum number of volumes allowed (" + maxVolumes + ") exceeded for quota 'volumes'.");
    }
    int used = existing.stream().mapToInt(x -> x.size).sum();
    int maxGigabytes = gigabyteQuota.getOrDefault(project, 10_000);
    if (used + size > maxGigabytes) {
      throw new ApiError(413, "overLimit",
          "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested "
              + size + "G, quota is " + maxGigabytes + "G and " + used + "G has been consumed.");
    }
  }

  private Response list(Call call, boolean detail) {
    checkProject(call);
    Instant now = dataCentre.now();
    Map<String, String> metadataFilter = call.query("metadata").map(SimulatedCinder::parseMetadata).orElse(Map.of());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Volume volume : volumes()) {
      if (!volume.project.equals(call.project())
          || call.query("name").filter(n -> !n.equals(volume.name)).isPresent()
          || call.query("status").filter(s -> !s.equals(volume.status(now))).isPresent()
          || !volume.metadata().entrySet().containsAll(metadataFilter.entrySet())) {
        continue;
      }
      list.add(detail ? body(volume, now) : Map.of("id", volume.id, "name", String.valueOf(volume.name), "links", List.of()));
    }
    return Response.json(200, Map.of("volumes", list));
  }

  private static Map<String, String> parseMetadata(String json) {
    try {
      Map<String, String> filter = new LinkedHashMap<>();
      OpenStackSimulator.JSON.readTree(json).fields().forEachRemaining(e -> filter.put(e.getKey(), e.getValue().asText()));
      return filter;
    } catch (IOException e) {
      throw ApiError.badRequest("Invalid metadata filter: " + json);
    }
  }

  private Response show(Call call) {
    checkProject(call);
    return Response.json(200, Map.of("volume", body(require(call, call.param(2)), dataCentre.now())));
  }

  private Response delete(Call call) {
    checkProject(call);
    Volume volume = require(call, call.param(2));
    String status = volume.status(dataCentre.now());
    if (!"available".equals(status) && !"error".equals(status)) {
      throw ApiError.badRequest(
          "Invalid volume: Volume status must be available or error or error_restoring or error_extending or"
              + " error_managing and must not be migrating, attached, belong to a group, have snapshots or be"
              + " disassociated from snapshots after volume transfer.");
    }
    if (!startTransition(volume, "deleting", deleteTime, Settled.DELETED)) {
      volumes.remove(volume.id);
    }
    return Response.empty(202);
  }

  private Response types(Call call) {
    checkProject(call);
    List<Map<String, Object>> types =
        VOLUME_TYPES.stream().sorted().map(t -> Map.<String, Object>of(
            "id", UUID.nameUUIDFromBytes(t.getBytes()).toString(), "name", t, "is_public", true,
            "extra_specs", Map.of(), "description", "io1".equals(t) ? "High IOPS SSD" : "")).toList();
    return Response.json(200, Map.of("volume_types", types));
  }

  /** The volume in the caller's project, or Cinder's 404. */
  Volume require(Call call, String id) {
    settle();
    Volume volume = volumes.get(id);
    if (volume == null || !volume.project.equals(call.project())) {
      throw ApiError.notFound("Volume " + id + " could not be found.");
    }
    return volume;
  }

  /** The project id in the URL must be the token's, as Cinder checks. */
  private static void checkProject(Call call) {
    if (!call.param(1).equals(call.token().project().id())) {
      throw new ApiError(403, "forbidden", "Policy doesn't allow this operation to be performed on project " + call.param(1));
    }
  }

  Map<String, Object> body(Volume volume, Instant now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", volume.id);
    body.put("name", volume.name);
    body.put("size", volume.size);
    body.put("status", volume.status(now));
    body.put("volume_type", volume.type);
    body.put("availability_zone", volume.zone);
    body.put("created_at", volume.created.toString());
    body.put("metadata", volume.metadata());
    body.put("bootable", "false");
    body.put("multiattach", false);
    body.put("encrypted", false);
    body.put("os-vol-tenant-attr:tenant_id", volume.project);
    List<Map<String, Object>> attachments = new ArrayList<>();
    // Cinder lists only attachments whose attach_status is "attached": none while attaching/detaching.
    if (volume.serverId != null && !Set.of("attaching", "reserved", "detaching").contains(volume.status(now))) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", volume.id);
      a.put("attachment_id", UUID.nameUUIDFromBytes((volume.id + volume.serverId).getBytes()).toString());
      a.put("volume_id", volume.id);
      a.put("server_id", volume.serverId);
      a.put("device", volume.device);
      a.put("host_name", null);
      a.put("attached_at", String.valueOf(volume.attachedAt));
      attachments.add(a);
    }
    body.put("attachments", attachments);
    body.put("links", List.of());
    return body;
  }
}
