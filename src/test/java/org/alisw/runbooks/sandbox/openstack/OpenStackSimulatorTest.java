package org.alisw.runbooks.sandbox.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator speaks the OpenStack APIs as a plain HTTP client sees them. */
class OpenStackSimulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimulatedDataCentre dataCentre =
      SimulatedDataCentre.seeded(Clock.fixed(Instant.parse("2026-11-25T01:00:00Z"), ZoneOffset.UTC), SimulationTimings.fast(), "release-testing");
  private final OpenStackSimulator simulator = OpenStackSimulator.start(dataCentre, 0, "cern");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  OpenStackSimulatorTest() {
    simulator.keystone().addUser("svcalibuild", "pw", "Default");
    simulator.keystone().addProject("release-testing", "ALICE Release Testing", "Default");
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void keystoneReturnsTheTokenInTheHeaderWithACatalogOfPublicEndpoints() throws Exception {
    HttpResponse<String> response = authenticate();

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("X-Subject-Token")).isPresent();
    JsonNode catalog = JSON.readTree(response.body()).at("/token/catalog");
    assertThat(catalog.findValuesAsText("type")).contains("compute", "volumev3", "image", "identity");
    for (JsonNode service : catalog) {
      assertThat(service.at("/endpoints/0/interface").asText()).isEqualTo("public");
      assertThat(service.at("/endpoints/0/region").asText()).isEqualTo("cern");
    }
    String projectId = JSON.readTree(response.body()).at("/token/project/id").asText();
    assertThat(catalog.findValuesAsText("url")).contains(simulator.baseUrl() + "/volume/v3/" + projectId, simulator.baseUrl() + "/compute/v2.1");
  }

  @Test
  void novaRefusesRequestsWithoutAValidToken() throws Exception {
    HttpResponse<String> response = get("/compute/v2.1/servers", "not-a-token");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).at("/error/title").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void novaWantsAProjectScopedToken() throws Exception {
    String unscoped = simulator.keystone().issueToken(
        simulator.keystone().addUser("someone", "pw2", "Default"), null).id();

    assertThat(get("/compute/v2.1/servers", unscoped).statusCode()).isEqualTo(403);
  }

  @Test
  void tokensExpire() throws Exception {
    OpenStackSimulator late = null;
    MovableClock clock = new MovableClock();
    SimulatedDataCentre dc = SimulatedDataCentre.seeded(clock, SimulationTimings.fast(), "release-testing");
    try {
      late = OpenStackSimulator.start(dc, 0, "cern");
      late.keystone().addUser("svcalibuild", "pw", "Default");
      late.keystone().addProject("release-testing", "ALICE Release Testing", "Default");
      late.keystone().setTokenLifetime(Duration.ofMinutes(5));
      String token = authenticate(late).headers().firstValue("X-Subject-Token").orElseThrow();
      assertThat(get(late, "/compute/v2.1/servers", token).statusCode()).isEqualTo(200);

      clock.now = clock.now.plus(Duration.ofMinutes(5));

      assertThat(get(late, "/compute/v2.1/servers", token).statusCode()).isEqualTo(401);
    } finally {
      if (late != null) {
        late.close();
      }
    }
  }

  @Test
  void novasNameFilterIsARegularExpressionSearch() throws Exception {
    String token = token();

    JsonNode servers = JSON.readTree(get("/compute/v2.1/servers?name=alibuild1", token).body()).path("servers");

    assertThat(servers.findValuesAsText("name")).containsExactly("alibuild10", "alibuild11", "alibuild12");
    assertThat(JSON.readTree(get("/compute/v2.1/servers?name=%5Ealimesos0%5B12%5D%24", token).body()).path("servers").findValuesAsText("name"))
        .containsExactly("alimesos01", "alimesos02");
  }

  @Test
  void aDuplicateKeypairIsAConflictAndAnUnknownServerNotFound() throws Exception {
    String token = token();
    String keypair = "{\"keypair\": {\"name\": \"alibuild\", \"public_key\": \"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBvQ alibuild\"}}";

    assertThat(post("/compute/v2.1/os-keypairs", token, keypair).statusCode()).isEqualTo(200);
    HttpResponse<String> duplicate = post("/compute/v2.1/os-keypairs", token, keypair);

    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(duplicate.body()).at("/conflictingRequest/message").asText()).isEqualTo("Key pair 'alibuild' already exists.");
    HttpResponse<String> missing = get("/compute/v2.1/servers/6b4f0c3e-0000-0000-0000-000000000000", token);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).at("/itemNotFound/message").asText()).contains("could not be found");
  }

  @Test
  void anUnknownFlavorIsABadRequest() throws Exception {
    HttpResponse<String> response =
        post("/compute/v2.1/servers", token(), "{\"server\": {\"name\": \"alibuild13\", \"flavorRef\": \"m2.3xlarge\", \"imageRef\": \"x\"}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).at("/badRequest/message").asText()).isEqualTo("Flavor m2.3xlarge could not be found.");
  }

  @Test
  void glancePagesItsListWithANextLink() throws Exception {
    String token = token();

    JsonNode first = JSON.readTree(get("/image/v2/images", token).body());

    assertThat(first.path("images")).hasSize(SimulatedGlance.DEFAULT_PAGE);
    String next = first.path("next").asText();
    assertThat(next).startsWith("/v2/images?marker=");
    JsonNode second = JSON.readTree(get("/image" + next, token).body());
    assertThat(first.path("images").size() + second.path("images").size()).isEqualTo(simulator.glance().images().size());
    assertThat(second.has("next")).isFalse();
  }

  @Test
  void aPerCallLatencyDelaysEveryRequestUntilItIsSetBackToZero() throws Exception {
    String token = token();
    simulator.setLatency(Duration.ofMillis(1000));
    for (int i = 0; i < 2; i++) {
      long started = System.nanoTime();
      assertThat(get("/compute/v2.1/servers", token).statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("call %d", i).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    }
    simulator.setLatency(Duration.ZERO);
    long started = System.nanoTime();
    assertThat(get("/compute/v2.1/servers", token).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1000));
    assertThatThrownBy(() -> simulator.setLatency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInjectedDropClosesTheConnectionWithoutAnswer() throws Exception {
    String token = token();
    // The JDK client retries an idempotent request once when the connection dies: drop both.
    simulator.faults().inject("nova.servers.list", new Faults.Drop(), 2);
    simulator.clearRequests();

    assertThatThrownBy(() -> get("/compute/v2.1/servers", token)).isInstanceOf(IOException.class);

    assertThat(simulator.requests("GET", "/compute/v2.1/servers")).hasSize(2);
    assertThat(get("/compute/v2.1/servers", token).statusCode()).isEqualTo(200);
  }

  @Test
  void anInjectedStatusAnswersWithNovasErrorBody() throws Exception {
    String token = token();
    simulator.faults().inject("nova.servers.list", new Faults.HttpStatus(413, "Quota exceeded"), 1);

    HttpResponse<String> response = get("/compute/v2.1/servers", token);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(response.body()).at("/overLimit/message").asText()).isEqualTo("Quota exceeded");
  }

  // --- HTTP helpers ---

  @Test
  void novaBootsFromAVolumeWithNovaclientsLegacyMappingAndRefusesToRebuildIt() throws Exception {
    String token = token();
    SimulatedCinder.Volume root = simulator.cinder().addVolume("alibuild13.cern.ch_vol_001", 40, "standard", "cern-geneva-a", "release-testing");
    String flavor = simulator.nova().flavorNamed("m2.large").orElseThrow().id();

    HttpResponse<String> boot = post("/compute/v2.1/os-volumes_boot", token,
        "{\"server\": {\"name\": \"alibuild13\", \"flavorRef\": \"" + flavor + "\", \"imageRef\": \"\","
            + " \"block_device_mapping\": [{\"device_name\": \"vda\", \"volume_id\": \"" + root.id() + "\", \"delete_on_termination\": \"0\"}],"
            + " \"min_count\": 1, \"max_count\": 1}}");

    assertThat(boot.statusCode()).isEqualTo(202);
    String id = JSON.readTree(boot.body()).at("/server/id").asText();
    JsonNode server = JSON.readTree(get("/compute/v2.1/servers/" + id, token).body()).path("server");
    assertThat(server.path("image").asText("not a string")).isEmpty();
    assertThat(server.at("/os-extended-volumes:volumes_attached/0/id").asText()).isEqualTo(root.id());
    assertThat(root.device()).isEqualTo("/dev/vda");
    HttpResponse<String> rebuild = post("/compute/v2.1/servers/" + id + "/action", token,
        "{\"rebuild\": {\"imageRef\": \"" + simulator.glance().imageNamed(SimulatedGlance.LATEST_CC7).orElseThrow().id() + "\"}}");
    assertThat(rebuild.statusCode()).isEqualTo(400);
    assertThat(rebuild.body()).contains("volume-backed");
  }

  @Test
  void glanceListsCernsImagePropertiesAtTheTopLevel() throws Exception {
    JsonNode images = JSON.readTree(get("/image/v2/images?limit=1000", token()).body()).path("images");

    JsonNode snapshot = null;
    for (JsonNode image : images) {
      if (image.path("name").asText().equals("alibuild05-snapshot-2023-06-01")) {
        snapshot = image;
      }
    }
    assertThat(snapshot).isNotNull();
    assertThat(snapshot.path("os_distro").asText()).isEqualTo("CC");
    assertThat(snapshot.path("os_distro_major").asText()).isEqualTo("7");
    assertThat(snapshot.path("os_distro_minor").asText()).isEqualTo("9");
    assertThat(snapshot.path("base_image_ref").asText())
        .isEqualTo(simulator.glance().imageNamed(SimulatedGlance.LATEST_CC7).orElseThrow().id());
  }

  private String token() throws Exception {
    return authenticate().headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private HttpResponse<String> authenticate() throws Exception {
    return authenticate(simulator);
  }

  private HttpResponse<String> authenticate(OpenStackSimulator target) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "svcalibuild",
         "domain": {"name": "Default"}, "password": "pw"}}},
         "scope": {"project": {"name": "ALICE Release Testing", "domain": {"name": "Default"}}}}}""";
    return http.send(
        HttpRequest.newBuilder(URI.create(target.baseUrl() + "/identity/v3/auth/tokens"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return get(simulator, path, token);
  }

  private HttpResponse<String> get(OpenStackSimulator target, String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(target.baseUrl() + path)).timeout(Duration.ofSeconds(5)).header("X-Auth-Token", token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .header("X-Auth-Token", token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-11-25T01:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
