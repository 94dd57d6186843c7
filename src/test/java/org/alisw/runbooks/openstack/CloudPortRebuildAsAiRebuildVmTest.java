package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.alisw.runbooks.sandbox.openstack.SimulatedCinder;
import org.alisw.runbooks.sandbox.openstack.SimulatedGlance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The guide's {@code ai-rebuild-vm --cc7 alibuildXX}, and ai-rebuild-vm without an image, over HTTP. */
class CloudPortRebuildAsAiRebuildVmTest {

  private static final String PROJECT = "release-testing";
  private static final String INSTANCE = "9a3f5c10-process-instance";
  private static final Duration REBUILD = Duration.ofSeconds(90);

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @Test
  void withoutAnImageTheServerIsRebuiltWithItsCurrentImage() {
    String id = cloud.serverId("alibuild05");
    String current = cloud.simulator.nova().imageOf(id).orElseThrow();

    port.rebuildServer(PROJECT, id, null, RebuildRequest.first(INSTANCE));

    assertThat(cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action"))
        .singleElement()
        .satisfies(r -> assertThat(r.body().at("/rebuild/imageRef").asText()).isEqualTo(current));
    // Only the imageRef: Nova keeps the user data, metadata and key of the original boot.
    assertThat(cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action").get(0).body().path("rebuild").size()).isEqualTo(1);
    assertThat(cloud.requests("GET", "/image/v2/images")).isEmpty();
  }

  @Test
  void theCc7AliasRebuildsWithTheLatestImageByProperties() {
    String id = cloud.serverId("alibuild05");
    String newer = cloud.simulator.glance().addImage("CC7 - x86_64 [2024-03-01] 7.10", Instant.parse("2024-03-01T09:00:00Z"),
        SimulatedGlance.cernProperties("CC", "7", "10", "Base", "x86_64", "2024-03-01")).id();

    port.rebuildServer(PROJECT, id, "cc7", RebuildRequest.first(INSTANCE));

    assertThat(cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action").get(0).body().at("/rebuild/imageRef").asText())
        .isEqualTo(newer);
    assertThat(cloud.simulator.nova().imageOf(id)).contains(newer);
  }

  @Test
  void aSecondRoundOfTheSameInstanceRebuildsAgainWhileARetriedRoundDoesNot() {
    String id = cloud.serverId("alibuild05");
    port.rebuildServer(PROJECT, id, "cc7", new RebuildRequest(INSTANCE, 1));
    cloud.clock.advance(REBUILD);
    port.rebuildServer(PROJECT, id, "cc7", new RebuildRequest(INSTANCE, 1)); // the job of round 1, retried

    port.rebuildServer(PROJECT, id, "cc7", new RebuildRequest(INSTANCE, 2)); // the operator asked again
    port.rebuildServer(PROJECT, id, "cc7", new RebuildRequest(INSTANCE, 2)); // round 2, retried while rebuilding
    cloud.clock.advance(REBUILD);
    port.rebuildServer(PROJECT, id, "cc7", new RebuildRequest(INSTANCE, 2)); // and after it finished

    assertThat(cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action")).hasSize(2);
    assertThat(cloud.dataCentre.server("alibuild05").orElseThrow().generation()).isEqualTo(2);
    assertThat(port.server(PROJECT, id).orElseThrow().metadata()).containsEntry(CloudPort.REBUILD_METADATA_KEY, INSTANCE + "/2");
  }

  @Test
  void refusesAServerBootedFromAVolumeWithAiRebuildVmsMessage() throws Exception {
    String id = bootFromVolume("alibuild13");
    cloud.clock.advance(Duration.ofSeconds(60));
    assertThat(port.server(PROJECT, id).orElseThrow().imageId()).isNull();

    assertThatThrownBy(() -> port.rebuildServer(PROJECT, id, "cc7", RebuildRequest.first(INSTANCE)))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("This VM booted from a volume, can't rebuild");
    assertThat(cloud.requests("PUT", "/compute/v2.1/servers/.*")).isEmpty();
    assertThat(cloud.requests("POST", "/compute/v2.1/servers/.*/action")).isEmpty();
  }

  @Test
  void aFamilyWithoutAnyImageIsRefusedBeforeTouchingTheServer() {
    String id = cloud.serverId("alibuild05");
    OpenStackProperties base = cloud.properties(cloud.passwordAuth(), java.util.Map.of(), Duration.ofSeconds(10));
    java.util.Map<String, ImageFamily> families = new java.util.HashMap<>(base.imageFamilies());
    families.put("rhel8", new ImageFamily("RHEL", "8", null));
    CloudPort withRhel8 = cloud.port(
        new OpenStackProperties(base.defaultProject(), base.auth(), base.projects(), base.tokenRefreshMargin(),
            base.connectTimeout(), base.readTimeout(), base.callTimeout(), base.startCheckTimeout(), families, "cc7", "Base"),
        new CloudsYaml(java.util.List.of()));

    assertThatThrownBy(() -> withRhel8.rebuildServer(PROJECT, id, "rhel8", RebuildRequest.first(INSTANCE)))
        .isInstanceOf(CloudNotFoundException.class)
        .hasMessageContaining("no active image of family rhel8");
    assertThat(cloud.requests("PUT", "/compute/v2.1/servers/.*")).isEmpty();
    assertThat(cloud.requests("POST", "/compute/v2.1/servers/.*")).isEmpty();
  }

  /** Boots a server from a volume as novaclient does ({@code --boot-volume}): legacy mapping, no image. */
  private String bootFromVolume(String name) throws Exception {
    SimulatedCinder.Volume root = cloud.simulator.cinder().addVolume(name + ".cern.ch_vol_001", 40, "standard", "cern-geneva-a", PROJECT);
    String token = cloud.simulator.keystone().issueToken(cloud.user, cloud.releaseTesting).id();
    String flavor = cloud.simulator.nova().flavorNamed("m2.large").orElseThrow().id();
    String body = "{\"server\": {\"name\": \"" + name + "\", \"flavorRef\": \"" + flavor + "\", \"imageRef\": \"\","
        + " \"block_device_mapping\": [{\"device_name\": \"vda\", \"volume_id\": \"" + root.id() + "\", \"delete_on_termination\": \"0\"}]}}";
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(cloud.simulator.baseUrl() + "/compute/v2.1/os-volumes_boot"))
            .header("X-Auth-Token", token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(202);
    cloud.simulator.clearRequests();
    return new ObjectMapper().readTree(response.body()).at("/server/id").asText();
  }
}
