package org.alisw.runbooks.sandbox.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.SimulatedServer.Role;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Call;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Response;

/**
 * Nova (API 2.1, no microversion, as openstack4j speaks it) over the shared data centre: servers
 * with their status, task state and fault; boot, rebuild, hard reboot and delete; metadata;
 * instance actions; flavors; availability zones; keypairs (per user, with Nova's MD5
 * fingerprint); volume attachments through Cinder, also at boot (block device mappings, legacy and
 * v2, boot from a volume); user data, kept across rebuilds; the console log ({@code
 * os-getConsoleOutput}), where cloud-init reports the user data it ran and the host key
 * fingerprints. Requests are validated as Nova validates them.
 *
 * <p>A fault injected under {@value #ERROR_ON_BOOT} makes the next boots end in ERROR after the
 * boot time, with the fault's message (or Nova's "No valid host was found"). One under {@value
 * #ERROR_ON_REBOOT} (or {@code ERROR_ON_REBOOT@SERVER_ID}, looked up first) makes the next hard
 * reboots end in ERROR after the reboot time, with the fault's message (or {@value
 * #REBOOT_FAILED}).
 */
public final class SimulatedNova {

  /** The operation under which an injected fault makes a boot end in ERROR instead of ACTIVE. */
  public static final String ERROR_ON_BOOT = "nova.servers.error-on-boot";

  /** The operation under which an injected fault makes a reboot end in ERROR instead of ACTIVE. */
  public static final String ERROR_ON_REBOOT = "nova.servers.error-on-reboot";

  static final String REBOOT_FAILED = "Failed to reboot instance: the hypervisor did not start it again";

  static final String NO_VALID_HOST =
      "No valid host was found. There are not enough hosts available.";

  private static final String API = "/compute/v2.1";
  private static final String SERVERS = API + "/servers";
  private static final String SERVER = SERVERS + "/([^/]+)";
  private static final Pattern KEYPAIR_NAME = Pattern.compile("[a-zA-Z0-9 _.@-]{1,255}");
  private static final Pattern DEVICE = Pattern.compile("/dev/[a-z]+");

  /** A flavor; {@code ram} in MB, {@code disk} in GB. */
  public record Flavor(String id, String name, int vcpus, int ram, int disk) {}

  public record Keypair(String name, String publicKey, String fingerprint, String userId, Instant created) {}

  /** An entry of {@code os-instance-actions}. */
  public record InstanceAction(String action, String requestId, String userId, String projectId, Instant startTime) {}

  /** What Nova knows about a server beyond the data centre's model. */
  static final class ServerRecord {
    final Instant created;
    final String flavorId;
    final String keyName;
    final String address;
    /** The user data as sent at boot, decoded; null when none. Nova keeps it on rebuild. */
    volatile String userData;
    volatile String imageId;
    volatile Instant updated;
    volatile String pendingFault;
    final List<InstanceAction> actions = new CopyOnWriteArrayList<>();

    ServerRecord(Instant created, String flavorId, String imageId, String keyName, String address) {
      this.created = created;
      this.updated = created;
      this.flavorId = flavorId;
      this.imageId = imageId;
      this.keyName = keyName;
      this.address = address;
    }
  }

  private final SimulatedDataCentre dataCentre;
  private final SimulatedKeystone keystone;
  private final SimulatedGlance glance;
  private final SimulatedCinder cinder;
  private final Faults faults;
  private final Map<String, Flavor> flavors = new LinkedHashMap<>();
  private final Map<String, ServerRecord> records = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Keypair>> keypairsByUser = new ConcurrentHashMap<>();
  private final Map<String, Integer> instanceQuota = new ConcurrentHashMap<>();
  private final Map<String, Integer> coreQuota = new ConcurrentHashMap<>();
  private volatile Function<String, List<String>> hostKeyFingerprints = host -> List.of();
  private final Set<String> consolesWithoutFingerprints = ConcurrentHashMap.newKeySet();

  SimulatedNova(
      SimulatedDataCentre dataCentre,
      SimulatedKeystone keystone,
      SimulatedGlance glance,
      SimulatedCinder cinder,
      Faults faults) {
    this.dataCentre = dataCentre;
    this.keystone = keystone;
    this.glance = glance;
    this.cinder = cinder;
    this.faults = faults;
    for (Flavor f :
        List.of(
            new Flavor(flavorId("m2.small"), "m2.small", 1, 1875, 20),
            new Flavor(flavorId("m2.medium"), "m2.medium", 2, 3750, 40),
            new Flavor(flavorId("m2.large"), "m2.large", 4, 7500, 80),
            new Flavor(flavorId("m2.xlarge"), "m2.xlarge", 8, 15000, 160),
            new Flavor(flavorId("m2.2xlarge"), "m2.2xlarge", 16, 30000, 320))) {
      flavors.put(f.id(), f);
    }
  }

  private static String flavorId(String name) {
    return UUID.nameUUIDFromBytes(("flavor:" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }

  // --- State for the sandbox and the tests ---

  public List<Flavor> flavors() {
    return List.copyOf(flavors.values());
  }

  public Optional<Flavor> flavorNamed(String name) {
    return flavors.values().stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The project's limits on instances and cores (defaults 40 and 400). */
  public void setQuota(String project, int instances, int cores) {
    instanceQuota.put(project, instances);
    coreQuota.put(project, cores);
  }

  /** The keypairs of a user, by name. */
  public Map<String, Keypair> keypairs(String userId) {
    return Map.copyOf(keypairsByUser.getOrDefault(userId, Map.of()));
  }

  /** The actions Nova recorded on a server, oldest first. */
  public List<InstanceAction> actions(String serverId) {
    ServerRecord record = records.get(serverId);
    return record == null ? List.of() : List.copyOf(record.actions);
  }

  /**
   * Where the console finds the host key block cloud-init prints ({@code -----BEGIN SSH HOST KEY
   * FINGERPRINTS-----} ...) for a host name: the simulated SSH hosts' keys in the sandbox.
   */
  public void useHostKeyFingerprints(Function<String, List<String>> fingerprintLines) {
    this.hostKeyFingerprints = fingerprintLines;
  }

  /**
   * Whether the console of the server named {@code host} leaves out cloud-init's host key block
   * (a console log that was cut, or an image whose cloud-init does not print it), so that a
   * runbook must ask an operator to confirm the key; true until set back to false.
   */
  public void hideHostKeyFingerprints(String host, boolean hidden) {
    if (hidden) {
      consolesWithoutFingerprints.add(host);
    } else {
      consolesWithoutFingerprints.remove(host);
    }
  }

  /** The user data a server was booted with, decoded (Nova keeps it on rebuild). */
  public Optional<String> userDataOf(String serverId) {
    return Optional.ofNullable(records.get(serverId)).map(r -> r.userData);
  }

  /** The image a server was booted or last rebuilt with; empty when it booted from a volume. */
  public Optional<String> imageOf(String serverId) {
    // Seeded servers get their record on first use: make it here too.
    return dataCentre.serverById(serverId).map(this::record).map(r -> r.imageId);
  }

  public Optional<String> flavorOf(String serverId) {
    return Optional.ofNullable(records.get(serverId)).map(r -> r.flavorId);
  }

  /** Nova's MD5 fingerprint of an OpenSSH public key, or empty if it is not one. */
  public static Optional<String> fingerprint(String publicKey) {
    String[] parts = publicKey == null ? new String[0] : publicKey.trim().split("\\s+");
    if (parts.length < 2 || !parts[0].startsWith("ssh-") && !parts[0].startsWith("ecdsa-")) {
      return Optional.empty();
    }
    try {
      byte[] blob = Base64.getDecoder().decode(parts[1]);
      byte[] md5 = MessageDigest.getInstance("MD5").digest(blob);
      return Optional.of(HexFormat.ofDelimiter(":").formatHex(md5));
    } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  // --- The sandbox's world on disk ---

  /** What Nova knows beyond the data centre: per server, keypairs per user, quotas. */
  record Snapshot(
      Map<String, RecordSnapshot> servers,
      Map<String, Map<String, Keypair>> keypairsByUser,
      Map<String, Integer> instanceQuota,
      Map<String, Integer> coreQuota) {}

  /** A {@link ServerRecord}, as kept. */
  record RecordSnapshot(
      Instant created, String flavorId, String keyName, String address, String userData, String imageId,
      Instant updated, String pendingFault, List<InstanceAction> actions) {}

  Snapshot snapshot() {
    Map<String, RecordSnapshot> servers = new LinkedHashMap<>();
    records.forEach(
        (id, r) ->
            servers.put(
                id,
                new RecordSnapshot(
                    r.created, r.flavorId, r.keyName, r.address, r.userData, r.imageId, r.updated,
                    r.pendingFault, List.copyOf(r.actions))));
    Map<String, Map<String, Keypair>> keypairs = new LinkedHashMap<>();
    keypairsByUser.forEach((user, byName) -> keypairs.put(user, Map.copyOf(byName)));
    return new Snapshot(servers, keypairs, Map.copyOf(instanceQuota), Map.copyOf(coreQuota));
  }

  void restore(Snapshot snapshot) {
    records.clear();
    snapshot.servers().forEach((id, r) -> {
      ServerRecord record = new ServerRecord(r.created(), r.flavorId(), r.imageId(), r.keyName(), r.address());
      record.userData = r.userData();
      record.updated = r.updated();
      record.pendingFault = r.pendingFault();
      if (r.actions() != null) {
        record.actions.addAll(r.actions());
      }
      records.put(id, record);
    });
    keypairsByUser.clear();
    snapshot.keypairsByUser().forEach((user, byName) -> keypairsByUser.put(user, new ConcurrentHashMap<>(byName)));
    instanceQuota.clear();
    instanceQuota.putAll(snapshot.instanceQuota());
    coreQuota.clear();
    coreQuota.putAll(snapshot.coreQuota());
  }

  // --- HTTP ---

  void registerRoutes(OpenStackSimulator simulator) {
    simulator.route("GET", SERVERS, "nova.servers.list", c -> listServers(c, false));
    simulator.route("GET", SERVERS + "/detail", "nova.servers.list", c -> listServers(c, true));
    simulator.route("POST", SERVERS, "nova.servers.create", this::createServer);
    // novaclient boots through this alias when a block device mapping is given (ai-bs does).
    simulator.route("POST", API + "/os-volumes_boot", "nova.servers.create", this::createServer);
    simulator.route("GET", SERVER, "nova.servers.show", this::showServer);
    simulator.route("DELETE", SERVER, "nova.servers.delete", this::deleteServer);
    simulator.route("POST", SERVER + "/action", "nova.servers.action", this::serverAction);
    simulator.route("GET", SERVER + "/metadata", "nova.servers.metadata", this::showMetadata);
    simulator.route("POST", SERVER + "/metadata", "nova.servers.metadata", this::updateMetadata);
    simulator.route("PUT", SERVER + "/metadata", "nova.servers.metadata", this::replaceMetadata);
    simulator.route("PUT", SERVER + "/metadata/([^/]+)", "nova.servers.metadata", this::putMetadataItem);
    simulator.route("GET", SERVER + "/os-instance-actions", "nova.servers.actions", this::listActions);
    simulator.route("GET", SERVER + "/os-volume_attachments", "nova.volume-attachments.list", this::listAttachments);
    simulator.route("POST", SERVER + "/os-volume_attachments", "nova.volume-attachments.create", this::attachVolume);
    simulator.route("DELETE", SERVER + "/os-volume_attachments/([^/]+)", "nova.volume-attachments.delete", this::detachVolume);
    simulator.route("GET", API + "/flavors", "nova.flavors.list", c -> listFlavors(false));
    simulator.route("GET", API + "/flavors/detail", "nova.flavors.list", c -> listFlavors(true));
    simulator.route("GET", API + "/flavors/([^/]+)", "nova.flavors.show", this::showFlavor);
    simulator.route("GET", API + "/os-availability-zone", "nova.availability-zones.list", c -> zones());
    simulator.route("GET", API + "/os-keypairs", "nova.keypairs.list", this::listKeypairs);
    simulator.route("POST", API + "/os-keypairs", "nova.keypairs.create", this::createKeypair);
    simulator.route("GET", API + "/os-keypairs/([^/]+)", "nova.keypairs.show", this::showKeypair);
    simulator.route("DELETE", API + "/os-keypairs/([^/]+)", "nova.keypairs.delete", this::deleteKeypair);
  }

  // --- Servers ---

  private Response listServers(Call call, boolean detail) {
    Pattern name = call.query("name").map(SimulatedNova::nameFilter).orElse(null);
    String status = call.query("status").orElse(null);
    Instant now = dataCentre.now();
    List<Map<String, Object>> servers = new ArrayList<>();
    for (SimulatedServer server : projectServers(call.project())) {
      if (name != null && !name.matcher(server.name()).find()) {
        continue;
      }
      if (status != null && !status.equalsIgnoreCase(status(server, now))) {
        continue;
      }
      servers.add(detail ? serverBody(server, now) : summary(server));
    }
    return Response.json(200, Map.of("servers", servers));
  }

  /**
   * Nova treats {@code ?name=} as a regular expression searched anywhere in the name (the
   * database's REGEXP), so {@code alibuild1} also finds alibuild10..12.
   */
  private static Pattern nameFilter(String name) {
    try {
      return Pattern.compile(name);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(Pattern.quote(name));
    }
  }

  private Response showServer(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    return Response.json(200, Map.of("server", serverBody(server, dataCentre.now())));
  }

  private Response createServer(Call call) {
    JsonNode s = call.body().path("server");
    if (s.isMissingNode()) {
      throw ApiError.badRequest("Invalid input for field/attribute server. Value: None. 'server' is a required property");
    }
    String name = s.path("name").asText("");
    if (name.isBlank() || name.length() > 255) {
      throw ApiError.badRequest(
          "Invalid input for field/attribute name. Value: " + name + ". '" + name + "' does not match '^(?! )[a-zA-Z0-9. _-]+(?<! )$'");
    }
    Flavor flavor = flavor(s.path("flavorRef").asText(""));
    List<BootVolume> bootVolumes = bootVolumes(call, s);
    String imageId = s.path("imageRef").asText("");
    boolean fromVolume = bootVolumes.stream().anyMatch(BootVolume::root);
    if (fromVolume && !imageId.isEmpty()) {
      throw ApiError.badRequest("Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.");
    }
    if (!fromVolume && (imageId.isEmpty() || glance.image(imageId).filter(i -> "active".equals(i.status())).isEmpty())) {
      throw ApiError.badRequest("Invalid imageRef provided.");
    }
    String userData = userData(s.path("user_data"));
    String keyName = s.hasNonNull("key_name") ? s.get("key_name").asText() : null;
    if (keyName != null && !keypairsOf(call).containsKey(keyName)) {
      throw ApiError.badRequest("Invalid key_name provided.");
    }
    String zone = s.hasNonNull("availability_zone") ? s.get("availability_zone").asText() : SimulatedDataCentre.ZONES.get(0);
    if (!SimulatedDataCentre.ZONES.contains(zone)) {
      throw ApiError.badRequest("The requested availability zone is not available");
    }
    Map<String, String> metadata = metadata(s.path("metadata"));
    Instant now = dataCentre.now();
    SimulatedServer server;
    synchronized (this) {
      checkQuota(call.project(), flavor);
      if (dataCentre.server(name).isPresent()) {
        throw ApiError.conflict("A server named " + name + " already exists (its name is its DNS name at CERN).");
      }
      dataCentre.forget(name);
      server = dataCentre.add(name, role(name, metadata), zone, call.project(), "BUILD");
    }
    server.putMetadata(metadata);
    ServerRecord record = new ServerRecord(now, flavor.id(), fromVolume ? null : imageId, keyName, address(name));
    record.userData = userData;
    records.put(server.id(), record);
    synchronized (cinder) {
      // Checked available before the server was added; Nova attaches them while it builds.
      bootVolumes.forEach(v -> cinder.attach(v.volume(), server.id(), v.device()));
    }
    Optional<Faults.Fault> bootFault = faults.next(ERROR_ON_BOOT);
    if (bootFault.isPresent()) {
      record.pendingFault =
          bootFault.get() instanceof Faults.HttpStatus h && h.message() != null ? h.message() : NO_VALID_HOST;
      server.beginTransition("BUILD", dataCentre.timings().boot(), "ERROR", now);
    } else {
      server.beginTransition("BUILD", dataCentre.timings().boot(), "ACTIVE", now);
    }
    recordAction(call, server, "create", now);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", server.id());
    body.put("links", List.of());
    body.put("OS-DCF:diskConfig", "MANUAL");
    body.put("security_groups", List.of(Map.of("name", "default")));
    body.put("adminPass", UUID.randomUUID().toString().substring(0, 12));
    return Response.json(202, Map.of("server", body));
  }

  /** A volume of the boot request's block device mapping. */
  private record BootVolume(SimulatedCinder.Volume volume, String device, boolean root, boolean deleteOnTermination) {}

  /**
   * The volumes of {@code block_device_mapping_v2} (source and destination {@code volume}) or of
   * the legacy {@code block_device_mapping} (novaclient's {@code --block-device-mapping
   * vdb=ID:::0}), checked as Nova checks them before it accepts the boot. The cloud's zones are not
   * compared: CERN's volumes live in storage zones ({@code ceph-geneva-N}) distinct from the compute
   * zones, and ai-bs boots with volumes it created without one.
   */
  private List<BootVolume> bootVolumes(Call call, JsonNode server) {
    JsonNode v2 = server.path("block_device_mapping_v2");
    JsonNode legacy = server.path("block_device_mapping");
    if (!v2.isMissingNode() && !legacy.isMissingNode()) {
      throw ApiError.badRequest("Using different block_device_mapping syntaxes is not allowed in the same request.");
    }
    List<BootVolume> volumes = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    for (JsonNode m : v2.isMissingNode() ? legacy : v2) {
      boolean isV2 = !v2.isMissingNode();
      if (isV2 && !"volume".equals(m.path("source_type").asText("")) ) {
        if ("image".equals(m.path("source_type").asText("")) && m.path("boot_index").asInt(-1) == 0) {
          continue; // the image's own root disk, implicit in imageRef
        }
        throw ApiError.badRequest("Block Device Mapping is Invalid: this simulator boots only with existing volumes (source_type volume).");
      }
      if (isV2 && !"volume".equals(m.path("destination_type").asText("volume"))) {
        throw ApiError.badRequest("Block Device Mapping is Invalid: destination_type must be volume for a volume.");
      }
      String volumeId = m.path(isV2 ? "uuid" : "volume_id").asText("");
      SimulatedCinder.Volume volume =
          cinder.volume(volumeId).filter(v -> v.project().equals(call.project()))
              .orElseThrow(() -> ApiError.badRequest("Block Device Mapping is Invalid: failed to get volume " + volumeId + "."));
      String status = volume.status(dataCentre.now());
      if (!"available".equals(status)) {
        throw ApiError.badRequest("Block Device Mapping is Invalid: Volume " + volumeId
            + " status must be available or downloading to reserve, but the current status is " + status + ".");
      }
      String name = m.path("device_name").asText("");
      String device = name.isEmpty() ? nextDevice(devices) : name.startsWith("/dev/") ? name : "/dev/" + name;
      if (!DEVICE.matcher(device).matches() || devices.contains(device)) {
        throw ApiError.badRequest("Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.");
      }
      devices.add(device);
      boolean root = isV2 ? m.path("boot_index").asInt(-1) == 0 : "/dev/vda".equals(device);
      volumes.add(new BootVolume(volume, device, root, truthy(m.path("delete_on_termination"))));
    }
    return volumes;
  }

  /** Nova's {@code delete_on_termination}: a boolean, or novaclient's "0"/"1" strings. */
  private static boolean truthy(JsonNode value) {
    return value.isBoolean() ? value.asBoolean() : List.of("1", "true", "True").contains(value.asText("0"));
  }

  /** The user data, decoded; Nova wants base64 of at most 65535 characters. */
  private static String userData(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    String encoded = node.asText();
    if (encoded.length() > 65535) {
      throw ApiError.badRequest("Invalid input for field/attribute user_data. Value: (...). is too long");
    }
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("Invalid input for field/attribute user_data. Value: (...). is not a 'base64'");
    }
  }

  private Flavor flavor(String ref) {
    String id = ref.contains("/") ? ref.substring(ref.lastIndexOf('/') + 1) : ref;
    if (id.isEmpty()) {
      throw ApiError.badRequest("Invalid flavorRef provided.");
    }
    Flavor flavor = flavors.get(id);
    if (flavor == null) {
      throw ApiError.badRequest("Flavor " + id + " could not be found.");
    }
    return flavor;
  }

  private void checkQuota(String project, Flavor flavor) {
    List<SimulatedServer> servers = projectServers(project);
    int maxInstances = instanceQuota.getOrDefault(project, 40);
    if (servers.size() + 1 > maxInstances) {
      throw new ApiError(403, "forbidden",
          "Quota exceeded for instances: Requested 1, but already used " + servers.size() + " of " + maxInstances + " instances");
    }
    int cores = servers.stream().mapToInt(sv -> flavors.get(record(sv).flavorId).vcpus()).sum();
    int maxCores = coreQuota.getOrDefault(project, 400);
    if (cores + flavor.vcpus() > maxCores) {
      throw new ApiError(403, "forbidden",
          "Quota exceeded for cores: Requested " + flavor.vcpus() + ", but already used " + cores + " of " + maxCores + " cores");
    }
  }

  private static Role role(String name, Map<String, String> metadata) {
    String hostgroup = metadata.getOrDefault("foreman-hostgroup", "");
    return hostgroup.endsWith("/master") || name.matches("alimesos\\d+") ? Role.MASTER : Role.AGENT;
  }

  private Response deleteServer(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    recordAction(call, server, "delete", dataCentre.now());
    cinder.serverDeleted(server.id());
    dataCentre.delete(server.name());
    dataCentre.forget(server.name());
    return Response.empty(204);
  }

  private Response serverAction(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    if (call.body().has("reboot")) {
      return reboot(call, server, call.body().path("reboot").path("type").asText(""));
    }
    if (call.body().has("rebuild")) {
      return rebuild(call, server, call.body().path("rebuild"));
    }
    if (call.body().has("os-getConsoleOutput")) {
      return consoleOutput(server, call.body().path("os-getConsoleOutput").path("length"));
    }
    throw ApiError.badRequest("There is no such action: " + fieldNames(call.body()));
  }

  private Response reboot(Call call, SimulatedServer server, String type) {
    if (!"HARD".equals(type) && !"SOFT".equals(type)) {
      throw ApiError.badRequest(
          "Invalid input for field/attribute type. Value: " + type + ". '" + type
              + "' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
    }
    Instant now = dataCentre.now();
    String status = status(server, now);
    // Nova refuses a reboot while building or rebuilding, and a soft one unless ACTIVE.
    if ("BUILD".equals(status) || "REBUILD".equals(status) || "SOFT".equals(type) && !"ACTIVE".equals(status)) {
      throw conflict(server, "reboot", status);
    }
    Optional<Faults.Fault> rebootFault =
        faults.next(ERROR_ON_REBOOT + "@" + server.id()).or(() -> faults.next(ERROR_ON_REBOOT));
    String settled = "ACTIVE";
    if (rebootFault.isPresent()) {
      record(server).pendingFault =
          rebootFault.get() instanceof Faults.HttpStatus h && h.message() != null ? h.message() : REBOOT_FAILED;
      settled = "ERROR";
    }
    server.beginTransition("HARD".equals(type) ? "HARD_REBOOT" : "REBOOT", dataCentre.timings().hardReboot(), settled, now);
    recordAction(call, server, "reboot", now);
    return Response.empty(202);
  }

  private Response rebuild(Call call, SimulatedServer server, JsonNode rebuild) {
    String imageId = rebuild.path("imageRef").asText("");
    if (imageId.isEmpty() || glance.image(imageId).filter(i -> "active".equals(i.status())).isEmpty()) {
      throw ApiError.badRequest("Invalid imageRef provided.");
    }
    if (record(server).imageId == null) {
      // Before microversion 2.93 Nova cannot re-image a root disk that is a volume.
      throw ApiError.badRequest("Image " + imageId + " is unacceptable: Unable to rebuild with a different image for a volume-backed server.");
    }
    Instant now = dataCentre.now();
    String status = status(server, now);
    if (!"ACTIVE".equals(status) && !"ERROR".equals(status) && !"SHUTOFF".equals(status)) {
      throw conflict(server, "rebuild", status);
    }
    server.rebuild(dataCentre.timings().rebuild(), now);
    record(server).imageId = imageId;
    recordAction(call, server, "rebuild", now);
    return Response.json(202, Map.of("server", serverBody(server, now)));
  }

  // --- Console ---

  /**
   * {@code os-getConsoleOutput}: the last {@code length} lines (all when absent or negative). A
   * server still being scheduled has no console yet (409, as Nova's "not ready"); while it
   * (re)builds, the kernel is booting; once ACTIVE, cloud-init has run the user data and printed
   * the host key fingerprints.
   */
  private Response consoleOutput(SimulatedServer server, JsonNode length) {
    Instant now = dataCentre.now();
    String status = status(server, now);
    if ("BUILD".equals(status)) {
      throw ApiError.conflict("Instance " + server.id() + " is not ready");
    }
    int lines;
    if (length.isMissingNode() || length.isNull()) {
      lines = -1;
    } else if (length.canConvertToInt() || length.asText().matches("-?[0-9]+")) {
      lines = length.isNumber() ? length.asInt() : Integer.parseInt(length.asText());
    } else {
      throw ApiError.badRequest("Invalid input for field/attribute length. Value: " + length + ". " + length + " is not of type 'integer', 'string'");
    }
    List<String> console = new ArrayList<>(kernelBoot(server));
    if (!"REBUILD".equals(status)) {
      console.addAll(cloudInit(server, record(server)));
    }
    List<String> tail = lines < 0 || lines >= console.size() ? console : console.subList(console.size() - lines, console.size());
    return Response.json(200, Map.of("output", String.join("\n", tail) + (tail.isEmpty() ? "" : "\n")));
  }

  private static List<String> kernelBoot(SimulatedServer server) {
    return List.of(
        "[    0.000000] Linux version 3.10.0-1160.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ) #1 SMP",
        "[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-3.10.0-1160.el7.x86_64 ro console=tty0 console=ttyS0,115200n8",
        "[    2.104417] systemd[1]: Set hostname to <" + server.name() + ">.");
  }

  /** cloud-init's lines: the user data parts it ran, then the host key block. */
  private List<String> cloudInit(SimulatedServer server, ServerRecord record) {
    List<String> lines = new ArrayList<>();
    lines.add("[   11.381203] cloud-init[812]: Cloud-init v. 19.4 running 'init' at " + record.updated + ". Up 11.30 seconds.");
    lines.add("[   24.552161] cloud-init[1037]: Cloud-init v. 19.4 running 'modules:final' at " + record.updated + ". Up 24.49 seconds.");
    List<String> parts = UserDataParts.describe(record.userData);
    if (parts.isEmpty()) {
      lines.add("[   24.601977] cloud-init[1037]: no user-data provided");
    }
    for (int i = 0; i < parts.size(); i++) {
      lines.add("[   24.6" + (10 + i) + "000] cloud-init[1037]: user-data part " + (i + 1) + ": " + parts.get(i));
    }
    List<String> fingerprints =
        consolesWithoutFingerprints.contains(server.name()) ? List.of() : hostKeyFingerprints.apply(server.name());
    if (!fingerprints.isEmpty()) {
      lines.add("ec2: ");
      lines.add("ec2: #############################################################");
      fingerprints.forEach(f -> lines.add("ec2: " + f));
      lines.add("ec2: #############################################################");
    }
    lines.add("[   31.918372] cloud-init[1037]: Cloud-init v. 19.4 finished. Datasource DataSourceOpenStack [net,ver=2].  Up 31.90 seconds");
    lines.add("");
    lines.add("CentOS Linux 7 (Core)");
    lines.add("Kernel 3.10.0-1160.el7.x86_64 on an x86_64");
    lines.add("");
    lines.add(server.name() + " login: ");
    return lines;
  }

  // --- Metadata ---

  private Response showMetadata(Call call) {
    return Response.json(200, Map.of("metadata", requireServer(call, call.param(1)).metadata()));
  }

  private Response updateMetadata(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    if (!call.body().has("metadata")) {
      throw ApiError.badRequest("Malformed request body: 'metadata' is a required property");
    }
    server.putMetadata(checkedMetadataQuota(server, metadata(call.body().get("metadata"))));
    touch(server);
    return Response.json(200, Map.of("metadata", server.metadata()));
  }

  /** PUT replaces every item: what is not in the body is gone (Nova's "Replace Metadata Items"). */
  private Response replaceMetadata(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    if (!call.body().has("metadata")) {
      throw ApiError.badRequest("Malformed request body: 'metadata' is a required property");
    }
    Map<String, String> metadata = metadata(call.body().get("metadata"));
    if (metadata.size() > 128) {
      throw new ApiError(403, "forbidden", "Quota exceeded for metadata_items: Requested " + metadata.size() + ", but already used 0 of 128 metadata_items");
    }
    server.replaceMetadata(metadata);
    touch(server);
    return Response.json(200, Map.of("metadata", server.metadata()));
  }

  private Response putMetadataItem(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    String key = call.param(2);
    Map<String, String> item = metadata(call.body().path("meta"));
    if (item.size() != 1 || !item.containsKey(key)) {
      throw ApiError.badRequest("Request body and URI mismatch");
    }
    server.putMetadata(checkedMetadataQuota(server, item));
    touch(server);
    return Response.json(200, Map.of("meta", item));
  }

  private static Map<String, String> checkedMetadataQuota(SimulatedServer server, Map<String, String> added) {
    Map<String, String> merged = new LinkedHashMap<>(server.metadata());
    merged.putAll(added);
    if (merged.size() > 128) {
      throw new ApiError(403, "forbidden", "Quota exceeded for metadata_items: Requested " + added.size() + ", but already used " + server.metadata().size() + " of 128 metadata_items");
    }
    return added;
  }

  private static Map<String, String> metadata(JsonNode node) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return metadata;
    }
    if (!node.isObject()) {
      throw ApiError.badRequest("Invalid input for field/attribute metadata. Value: " + node + ". " + node + " is not of type 'object'");
    }
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw ApiError.badRequest("Invalid input for field/attribute " + e.getKey() + ". Value: " + e.getValue() + ". " + e.getValue() + " is not of type 'string'");
      }
      if (e.getKey().isEmpty() || e.getKey().length() > 255 || e.getValue().asText().length() > 255) {
        throw ApiError.badRequest("Invalid input for field/attribute metadata. Value: " + e.getKey() + ". keys and values are 1-255 characters");
      }
      metadata.put(e.getKey(), e.getValue().asText());
    });
    return metadata;
  }

  // --- Instance actions ---

  private Response listActions(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    List<Map<String, Object>> actions = new ArrayList<>();
    for (InstanceAction a : record(server).actions) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("action", a.action());
      body.put("instance_uuid", server.id());
      body.put("request_id", a.requestId());
      body.put("user_id", a.userId());
      body.put("project_id", a.projectId());
      body.put("start_time", a.startTime().toString());
      body.put("message", null);
      actions.add(body);
    }
    // Nova lists the most recent first.
    java.util.Collections.reverse(actions);
    return Response.json(200, Map.of("instanceActions", actions));
  }

  private void recordAction(Call call, SimulatedServer server, String action, Instant now) {
    ServerRecord record = record(server);
    record.updated = now;
    record.actions.add(
        new InstanceAction(action, "req-" + UUID.randomUUID(), call.token().user().id(), call.token().project().id(), now));
  }

  // --- Volume attachments ---

  private Response listAttachments(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    List<Map<String, Object>> list = cinder.attachedTo(server.id()).stream().map(v -> attachmentBody(server, v)).toList();
    return Response.json(200, Map.of("volumeAttachments", list));
  }

  private Response attachVolume(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    JsonNode a = call.body().path("volumeAttachment");
    String volumeId = a.path("volumeId").asText("");
    if (volumeId.isEmpty()) {
      throw ApiError.badRequest("Invalid input for field/attribute volumeAttachment. 'volumeId' is a required property");
    }
    Instant now = dataCentre.now();
    String status = status(server, now);
    if (!"ACTIVE".equals(status) && !"SHUTOFF".equals(status)) {
      throw ApiError.conflict("Cannot 'attach_volume' instance " + server.id() + " while it is in vm_state " + vmState(status));
    }
    SimulatedCinder.Volume volume =
        cinder.volume(volumeId).filter(v -> v.project().equals(call.project()))
            .orElseThrow(() -> ApiError.notFound("Volume " + volumeId + " could not be found."));
    synchronized (cinder) {
      String volumeStatus = volume.status(now);
      if (!"available".equals(volumeStatus)) {
        throw ApiError.badRequest("Invalid volume: Volume " + volumeId
            + " status must be available or downloading to reserve, but the current status is " + volumeStatus + ".");
      }
      if (!volume.zone().equals(server.availabilityZone())) {
        // CERN runs with cross_az_attach = False.
        throw ApiError.badRequest("Invalid volume: Server and volumes are not in the same availability zone. Server is in: "
            + server.availabilityZone() + ". Volumes are in: " + volume.zone());
      }
      List<String> used = cinder.attachedTo(server.id()).stream().map(SimulatedCinder.Volume::device).toList();
      String device = a.hasNonNull("device") ? a.get("device").asText() : nextDevice(used);
      if (!DEVICE.matcher(device).matches()) {
        throw ApiError.badRequest("The supplied device path (" + device + ") is invalid.");
      }
      if (used.contains(device)) {
        throw ApiError.badRequest("The supplied device path (" + device + ") is in use.");
      }
      cinder.attach(volume, server.id(), device);
    }
    recordAction(call, server, "attach_volume", now);
    return Response.json(200, Map.of("volumeAttachment", attachmentBody(server, volume)));
  }

  private static String nextDevice(List<String> used) {
    for (char c = 'b'; c <= 'z'; c++) {
      if (!used.contains("/dev/vd" + c)) {
        return "/dev/vd" + c;
      }
    }
    throw ApiError.badRequest("No free disk device names for prefix 'vd'");
  }

  private Response detachVolume(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    String volumeId = call.param(2);
    SimulatedCinder.Volume volume =
        cinder.attachedTo(server.id()).stream().filter(v -> v.id().equals(volumeId)).findFirst()
            .orElseThrow(() -> ApiError.notFound("volume_id not found: " + volumeId));
    cinder.detach(volume);
    recordAction(call, server, "detach_volume", dataCentre.now());
    return Response.empty(202);
  }

  private static Map<String, Object> attachmentBody(SimulatedServer server, SimulatedCinder.Volume volume) {
    return Map.of("id", volume.id(), "volumeId", volume.id(), "serverId", server.id(), "device", volume.device());
  }

  // --- Flavors, zones, keypairs ---

  private Response listFlavors(boolean detail) {
    List<Map<String, Object>> list = flavors.values().stream().map(f -> detail ? flavorBody(f) : Map.<String, Object>of("id", f.id(), "name", f.name(), "links", List.of())).toList();
    return Response.json(200, Map.of("flavors", list));
  }

  private Response showFlavor(Call call) {
    Flavor flavor = flavors.get(call.param(1));
    if (flavor == null) {
      throw ApiError.notFound("Flavor " + call.param(1) + " could not be found.");
    }
    return Response.json(200, Map.of("flavor", flavorBody(flavor)));
  }

  private static Map<String, Object> flavorBody(Flavor f) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", f.id());
    body.put("name", f.name());
    body.put("vcpus", f.vcpus());
    body.put("ram", f.ram());
    body.put("disk", f.disk());
    body.put("OS-FLV-EXT-DATA:ephemeral", 0);
    body.put("OS-FLV-DISABLED:disabled", false);
    body.put("swap", "");
    body.put("rxtx_factor", 1.0);
    body.put("os-flavor-access:is_public", true);
    body.put("links", List.of());
    return body;
  }

  private Response zones() {
    List<Map<String, Object>> zones = new ArrayList<>();
    for (String zone : SimulatedDataCentre.ZONES) {
      Map<String, Object> z = new LinkedHashMap<>();
      z.put("zoneName", zone);
      z.put("zoneState", Map.of("available", true));
      z.put("hosts", null);
      zones.add(z);
    }
    return Response.json(200, Map.of("availabilityZoneInfo", zones));
  }

  private Map<String, Keypair> keypairsOf(Call call) {
    return keypairsByUser.computeIfAbsent(call.token().user().id(), u -> new ConcurrentHashMap<>());
  }

  private Response listKeypairs(Call call) {
    List<Map<String, Object>> list =
        keypairsOf(call).values().stream()
            .map(k -> Map.<String, Object>of("keypair", Map.of("name", k.name(), "public_key", k.publicKey(), "fingerprint", k.fingerprint(), "type", "ssh")))
            .toList();
    return Response.json(200, Map.of("keypairs", list));
  }

  private Response showKeypair(Call call) {
    Keypair k = Optional.ofNullable(keypairsOf(call).get(call.param(1)))
        .orElseThrow(() -> ApiError.notFound("Keypair " + call.param(1) + " not found for user " + call.token().user().id()));
    return Response.json(200, Map.of("keypair", keypairBody(k)));
  }

  private Response createKeypair(Call call) {
    JsonNode k = call.body().path("keypair");
    String name = k.path("name").asText("");
    if (!KEYPAIR_NAME.matcher(name).matches()) {
      throw ApiError.badRequest("Invalid input for field/attribute name. Value: " + name + ". '" + name + "' does not match '^[a-zA-Z0-9 _.@-]+$'");
    }
    if (!k.hasNonNull("public_key")) {
      // Nova would generate a key pair and return the private key: the runbooks never ask for that.
      throw ApiError.badRequest("Keypair data is invalid: this simulator only imports public keys");
    }
    String publicKey = k.get("public_key").asText();
    String fingerprint = fingerprint(publicKey)
        .orElseThrow(() -> ApiError.badRequest("Keypair data is invalid: failed to generate fingerprint"));
    Keypair keypair = new Keypair(name, publicKey.trim(), fingerprint, call.token().user().id(), dataCentre.now());
    if (keypairsOf(call).putIfAbsent(name, keypair) != null) {
      throw ApiError.conflict("Key pair '" + name + "' already exists.");
    }
    return Response.json(200, Map.of("keypair", keypairBody(keypair)));
  }

  private Response deleteKeypair(Call call) {
    if (keypairsOf(call).remove(call.param(1)) == null) {
      throw ApiError.notFound("Keypair " + call.param(1) + " not found for user " + call.token().user().id());
    }
    return Response.empty(202);
  }

  private static Map<String, Object> keypairBody(Keypair k) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", k.name());
    body.put("public_key", k.publicKey());
    body.put("fingerprint", k.fingerprint());
    body.put("user_id", k.userId());
    body.put("type", "ssh");
    body.put("created_at", k.created().toString());
    body.put("deleted", false);
    body.put("id", Math.abs(k.name().hashCode() % 10000));
    return body;
  }

  // --- Helpers ---

  private List<SimulatedServer> projectServers(String project) {
    return dataCentre.servers().stream().filter(s -> s.project().equals(project)).toList();
  }

  /** The server of the caller's project, or Nova's 404. */
  private SimulatedServer requireServer(Call call, String id) {
    return dataCentre
        .serverById(id)
        .filter(s -> s.project().equals(call.project()))
        .orElseThrow(() -> ApiError.notFound("Instance " + id + " could not be found."));
  }

  /** Nova's status, with the fault of a boot that was meant to fail. */
  private String status(SimulatedServer server, Instant now) {
    String status = server.status(now);
    ServerRecord record = record(server);
    if ("ERROR".equals(status) && server.fault() == null && record.pendingFault != null) {
      server.fail(record.pendingFault);
      record.pendingFault = null;
    }
    return status;
  }

  /** Nova's record of a server, made up for the seeded ones from their role. */
  private ServerRecord record(SimulatedServer server) {
    return records.computeIfAbsent(
        server.id(),
        id -> new ServerRecord(
            dataCentre.now(),
            flavorNamed(server.role() == Role.MASTER ? "m2.large" : "m2.2xlarge").orElseThrow().id(),
            glance.imageNamed(SimulatedGlance.LATEST_CC7).map(SimulatedGlance.Image::id).orElse(null),
            "alibuild",
            address(server.name())));
  }

  private void touch(SimulatedServer server) {
    record(server).updated = dataCentre.now();
  }

  /** A stable address in CERN's 188.184.0.0/16 for the name. */
  private static String address(String name) {
    int h = name.hashCode() & 0x7fffffff;
    return "188.184." + (h % 250 + 1) + "." + (h / 250 % 250 + 1);
  }

  private static ApiError conflict(SimulatedServer server, String action, String status) {
    String taskState = taskState(status);
    return ApiError.conflict(
        "Cannot '" + action + "' instance " + server.id() + " while it is in "
            + (taskState != null ? "task_state " + taskState : "vm_state " + vmState(status)));
  }

  private static Map<String, Object> summary(SimulatedServer server) {
    return Map.of("id", server.id(), "name", server.name(), "links", List.of());
  }

  private Map<String, Object> serverBody(SimulatedServer server, Instant now) {
    String status = status(server, now);
    ServerRecord record = record(server);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", server.id());
    body.put("name", server.name());
    body.put("status", status);
    body.put("tenant_id", keystone.project(server.project()).map(SimulatedKeystone.Project::id).orElse(server.project()));
    body.put("metadata", server.metadata());
    body.put("created", record.created.toString());
    body.put("updated", record.updated.toString());
    body.put("hostId", Integer.toHexString(server.id().hashCode()));
    body.put("key_name", record.keyName);
    body.put("flavor", Map.of("id", record.flavorId, "links", List.of()));
    body.put("image", record.imageId == null ? "" : Map.of("id", record.imageId, "links", List.of()));
    body.put(
        "addresses",
        "BUILD".equals(status)
            ? Map.of()
            : Map.of("CERN_NETWORK", List.of(Map.of("addr", record.address, "version", 4, "OS-EXT-IPS:type", "fixed"))));
    body.put("OS-EXT-AZ:availability_zone", server.availabilityZone());
    body.put("OS-EXT-STS:vm_state", vmState(status));
    body.put("OS-EXT-STS:task_state", taskState(status));
    body.put("OS-EXT-STS:power_state", "ACTIVE".equals(status) ? 1 : 0);
    body.put(
        "os-extended-volumes:volumes_attached",
        cinder.attachedTo(server.id()).stream().map(v -> Map.of("id", v.id())).toList());
    body.put("links", List.of());
    if ("ERROR".equals(status) && server.fault() != null) {
      body.put("fault", Map.of("code", 500, "message", server.fault(), "created", now.toString()));
    }
    return body;
  }

  private static String vmState(String status) {
    return switch (status) {
      case "BUILD" -> "building";
      case "ERROR" -> "error";
      case "DELETED" -> "deleted";
      case "SHUTOFF" -> "stopped";
      default -> "active";
    };
  }

  /** Nova's task state for a transitional status, null when none is running. */
  static String taskState(String status) {
    return switch (status) {
      case "BUILD" -> "spawning";
      case "REBUILD" -> "rebuilding";
      case "HARD_REBOOT" -> "rebooting_hard";
      case "REBOOT" -> "rebooting";
      default -> null;
    };
  }

  private static String fieldNames(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }
}
