package org.alisw.runbooks.sandbox.openstack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Call;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Response;

/**
 * Nova (API 2.1, no microversion) over the shared data centre: servers listed, shown and acted on
 * with the status, task state and fault Nova reports.
 */
public final class SimulatedNova {

  private static final String SERVERS = "/compute/v2.1/servers";
  private static final String SERVER = SERVERS + "/([^/]+)";

  private final SimulatedDataCentre dataCentre;
  /** What Nova knows about a server beyond the data centre's model, by server id. */
  private final Map<String, ServerRecord> records = new ConcurrentHashMap<>();

  SimulatedNova(SimulatedDataCentre dataCentre) {
    this.dataCentre = dataCentre;
  }

  /** Nova's bookkeeping for one server: when it was created and by whom. */
  static final class ServerRecord {
    final Instant created;
    volatile Instant updated;

    ServerRecord(Instant created) {
      this.created = created;
      this.updated = created;
    }
  }

  void registerRoutes(OpenStackSimulator simulator) {
    simulator.route("GET", SERVERS, "nova.servers.list", c -> listServers(c, false));
    simulator.route("GET", SERVERS + "/detail", "nova.servers.list", c -> listServers(c, true));
    simulator.route("GET", SERVER, "nova.servers.show", this::showServer);
    simulator.route("POST", SERVER + "/action", "nova.servers.action", this::serverAction);
  }

  // --- Servers ---

  private Response listServers(Call call, boolean detail) {
    Pattern name = call.query("name").map(SimulatedNova::nameFilter).orElse(null);
    String status = call.query("status").orElse(null);
    Instant now = dataCentre.now();
    List<Map<String, Object>> servers = new ArrayList<>();
    for (SimulatedServer server : projectServers(call)) {
      if (name != null && !name.matcher(server.name()).find()) {
        continue;
      }
      if (status != null && !status.equalsIgnoreCase(server.status(now))) {
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

  private Response serverAction(Call call) {
    SimulatedServer server = requireServer(call, call.param(1));
    if (call.body().has("reboot")) {
      return reboot(server, call.body().path("reboot").path("type").asText(""));
    }
    throw ApiError.badRequest("There is no such action: " + fieldNames(call));
  }

  private Response reboot(SimulatedServer server, String type) {
    if (!"HARD".equals(type) && !"SOFT".equals(type)) {
      throw ApiError.badRequest(
          "Invalid input for field/attribute type. Value: " + type + ". '" + type
              + "' is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
    }
    Instant now = dataCentre.now();
    String status = server.status(now);
    // Nova refuses a reboot while building or rebuilding, and a soft one unless ACTIVE.
    if ("BUILD".equals(status) || "REBUILD".equals(status) || "DELETED".equals(status)) {
      throw conflict(server, "reboot", taskState(status));
    }
    if ("SOFT".equals(type) && !"ACTIVE".equals(status)) {
      throw conflict(server, "reboot", taskState(status));
    }
    String transitional = "HARD".equals(type) ? "HARD_REBOOT" : "REBOOT";
    server.beginTransition(transitional, dataCentre.timings().hardReboot(), "ACTIVE", now);
    touch(server, now);
    return Response.empty(202);
  }

  // --- Helpers ---

  private List<SimulatedServer> projectServers(Call call) {
    return dataCentre.servers().stream().filter(s -> s.project().equals(call.project())).toList();
  }

  /** The server of the caller's project, or Nova's 404. */
  SimulatedServer requireServer(Call call, String id) {
    return dataCentre
        .serverById(id)
        .filter(s -> s.project().equals(call.project()))
        .orElseThrow(() -> ApiError.notFound("Instance " + id + " could not be found."));
  }

  private ServerRecord record(SimulatedServer server) {
    return records.computeIfAbsent(server.id(), id -> new ServerRecord(dataCentre.now()));
  }

  private void touch(SimulatedServer server, Instant now) {
    record(server).updated = now;
  }

  private static ApiError conflict(SimulatedServer server, String action, String taskState) {
    return ApiError.conflict(
        "Cannot '" + action + "' instance " + server.id() + " while it is in task_state " + taskState);
  }

  private static Map<String, Object> summary(SimulatedServer server) {
    return Map.of("id", server.id(), "name", server.name(), "links", List.of());
  }

  Map<String, Object> serverBody(SimulatedServer server, Instant now) {
    String status = server.status(now);
    ServerRecord record = record(server);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", server.id());
    body.put("name", server.name());
    body.put("status", status);
    body.put("tenant_id", server.project());
    body.put("metadata", server.metadata());
    body.put("created", record.created.toString());
    body.put("updated", record.updated.toString());
    body.put("OS-EXT-AZ:availability_zone", server.availabilityZone());
    body.put("OS-EXT-STS:vm_state", vmState(status));
    body.put("OS-EXT-STS:task_state", taskState(status));
    body.put("OS-EXT-STS:power_state", "ACTIVE".equals(status) ? 1 : 0);
    body.put("os-extended-volumes:volumes_attached", List.of());
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
      case "DELETED" -> "deleting";
      default -> null;
    };
  }

  private static String fieldNames(Call call) {
    List<String> names = new ArrayList<>();
    call.body().fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }
}
