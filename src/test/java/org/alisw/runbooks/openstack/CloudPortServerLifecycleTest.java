package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.alisw.runbooks.sandbox.openstack.SimulatedNova;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Creating (ai-bs), rebuilding (ai-rebuild-vm) and deleting (ai-kill) servers over HTTP. */
class CloudPortServerLifecycleTest {

  private static final String PROJECT = "release-testing";
  private static final String INSTANCE = "4f1c9a2e-process-instance";
  private static final RebuildRequest FIRST = RebuildRequest.first(INSTANCE);

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @Test
  void createsTheServerAsAiBsDoesWithFlavorImageZoneAndMetadata() {
    port.ensureKeypair(PROJECT, "alibuild", SimulatedCloud.publicKey("alibuild"));
    ServerSpec spec = withKeypair(SimulatedCloud.agent("alibuild13", INSTANCE), "alibuild");

    CloudServer server = port.createServer(PROJECT, spec);

    JsonNode body = single(cloud.requests("POST", "/compute/v2.1/servers")).body().path("server");
    assertThat(body.path("name").asText()).isEqualTo("alibuild13");
    assertThat(body.path("flavorRef").asText()).isEqualTo(cloud.simulator.nova().flavorNamed("m2.2xlarge").orElseThrow().id());
    assertThat(body.path("imageRef").asText())
        .isEqualTo(cloud.simulator.glance().imageNamed("CC7 - x86_64 [2022-01-05]").orElseThrow().id());
    assertThat(body.path("key_name").asText()).isEqualTo("alibuild");
    assertThat(body.path("availability_zone").asText()).isEqualTo("cern-geneva-b");
    assertThat(body.path("metadata").path("landb-mainuser").asText()).isEqualTo("alice-agile-admin");
    assertThat(body.path("metadata").path("landb-responsible").asText()).isEqualTo("alice-agile-admin");
    assertThat(body.path("metadata").path("foreman-hostgroup").asText()).isEqualTo("alibuild/mesos/slave");
    assertThat(body.path("metadata").path("foreman-environment").asText()).isEqualTo("production");
    assertThat(body.path("metadata").path(CloudPort.INSTANCE_METADATA_KEY).asText()).isEqualTo(INSTANCE);

    assertThat(server.status()).isEqualTo("BUILD");
    assertThat(server.createdByInstance()).isEqualTo(INSTANCE);
    assertThat(server.keyName()).isEqualTo("alibuild");
    cloud.clock.advance(Duration.ofSeconds(60));
    CloudServer booted = port.server(PROJECT, server.id()).orElseThrow();
    assertThat(booted.isActive()).isTrue();
    assertThat(booted.addresses()).singleElement().asString().startsWith("188.184.");
    assertThat(booted.availabilityZone()).isEqualTo("cern-geneva-b");
    assertThat(cloud.dataCentre.server("alibuild13")).isPresent();
  }

  @Test
  void creatingTwiceForTheSameRunbookInstanceYieldsOneServer() {
    CloudServer first = port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE));

    CloudServer second = port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE));

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(cloud.requests("POST", "/compute/v2.1/servers")).hasSize(1);
    assertThat(cloud.dataCentre.servers()).filteredOn(s -> s.name().equals("alibuild13")).hasSize(1);
  }

  @Test
  void refusesToCreateOverAServerItDidNotCreate() {
    assertThatThrownBy(() -> port.createServer(PROJECT, SimulatedCloud.agent("alibuild03", INSTANCE)))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("alibuild03 already exists")
        .hasMessageContaining("not created by a runbook");
    assertThat(cloud.requests("POST", "/compute/v2.1/servers")).isEmpty();
  }

  @Test
  void unknownFlavorIsRefusedWithNovasMessage() {
    ServerSpec spec = withFlavor(SimulatedCloud.agent("alibuild13", INSTANCE), "m2.3xlarge");

    assertThatThrownBy(() -> port.createServer(PROJECT, spec))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("Flavor m2.3xlarge could not be found.");
    assertThat(single(cloud.requests("POST", "/compute/v2.1/servers")).body().at("/server/flavorRef").asText())
        .isEqualTo("m2.3xlarge");
  }

  @Test
  void unknownZoneImageAndKeypairAreRefusedAsNovaRefusesThem() {
    ServerSpec base = SimulatedCloud.agent("alibuild13", INSTANCE);
    assertThatThrownBy(() -> port.createServer(PROJECT, withZone(base, "cern-geneva-z")))
        .isInstanceOf(CloudRejectedException.class)
        .hasMessageContaining("The requested availability zone is not available");
    assertThatThrownBy(() -> port.createServer(PROJECT, withImage(base, "CC6 - x86_64 [2015-01-01]")))
        .isInstanceOf(CloudRejectedException.class)
        .hasMessageContaining("Invalid imageRef provided.");
    assertThatThrownBy(() -> port.createServer(PROJECT, withKeypair(base, "nobody")))
        .isInstanceOf(CloudRejectedException.class)
        .hasMessageContaining("Invalid key_name provided.");
    assertThat(cloud.dataCentre.server("alibuild13")).isEmpty();
  }

  @Test
  void quotaExceededOnBootIsAQuotaError() {
    cloud.simulator.nova().setQuota(PROJECT, 15, 1000);

    assertThatThrownBy(() -> port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE)))
        .isInstanceOfSatisfying(CloudQuotaExceededException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("Quota exceeded for instances: Requested 1, but already used 15 of 15 instances");
  }

  @Test
  void aServerThatFailsToBootIsReportedInErrorWithNovasFault() {
    cloud.simulator.faults().inject(SimulatedNova.ERROR_ON_BOOT, new Faults.Drop(), 1);

    CloudServer server = port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE));
    cloud.clock.advance(Duration.ofSeconds(60));

    CloudServer failed = port.server(PROJECT, server.id()).orElseThrow();
    assertThat(failed.isInError()).isTrue();
    assertThat(failed.fault()).isEqualTo("No valid host was found. There are not enough hosts available.");
  }

  @Test
  void rebuildsWithTheImageAndTagsTheServerWithTheRunbookInstance() {
    String id = cloud.serverId("alibuild05");
    cloud.dataCentre.server("alibuild05").orElseThrow().putMetadata(java.util.Map.of("landb-mainuser", "alice-agile-admin"));

    port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", FIRST);

    String imageId = cloud.simulator.glance().imageNamed("CC7 - x86_64 [2023-01-04]").orElseThrow().id();
    RecordedRequest tag = single(cloud.requests("PUT", "/compute/v2.1/servers/" + id + "/metadata"));
    assertThat(tag.body().at("/metadata/" + CloudPort.REBUILD_METADATA_KEY).asText()).isEqualTo(INSTANCE + "/1");
    // Nova's PUT replaces all metadata: what was there before is sent again and kept.
    assertThat(tag.body().at("/metadata/landb-mainuser").asText()).isEqualTo("alice-agile-admin");
    RecordedRequest rebuild = single(cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action"));
    assertThat(rebuild.body().at("/rebuild/imageRef").asText()).isEqualTo(imageId);
    CloudServer server = port.server(PROJECT, id).orElseThrow();
    assertThat(server.status()).isEqualTo("REBUILD");
    assertThat(server.imageId()).isEqualTo(imageId);
    assertThat(server.metadata()).containsEntry("landb-mainuser", "alice-agile-admin").containsEntry(CloudPort.REBUILD_METADATA_KEY, INSTANCE + "/1");
    assertThat(cloud.dataCentre.server("alibuild05").orElseThrow().generation()).isEqualTo(1);
  }

  @Test
  void rebuildIsNotReissuedWhileRebuildingNorAfterwardsForTheSameInstance() {
    String id = cloud.serverId("alibuild05");
    port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", FIRST);

    port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", FIRST);
    cloud.clock.advance(Duration.ofSeconds(90));
    assertThat(port.server(PROJECT, id).orElseThrow().isActive()).isTrue();
    port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", FIRST);

    assertThat(cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action")).hasSize(1);
    assertThat(cloud.dataCentre.server("alibuild05").orElseThrow().generation()).isEqualTo(1);
  }

  @Test
  void rebuildIsIssuedWhenOnlyTheTagMadeItBeforeAFailure() {
    String id = cloud.serverId("alibuild05");
    cloud.simulator.faults().inject("nova.servers.action", new Faults.HttpStatus(503, "Service Unavailable"), 1);
    assertThatThrownBy(() -> port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", FIRST))
        .isInstanceOf(CloudUnavailableException.class);

    // The engine retries the job: the server is tagged but was never rebuilt.
    port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", FIRST);

    assertThat(port.server(PROJECT, id).orElseThrow().status()).isEqualTo("REBUILD");
    assertThat(cloud.dataCentre.server("alibuild05").orElseThrow().generation()).isEqualTo(1);
  }

  @Test
  void rebuildWithAnUnknownImageIsRefusedBeforeTouchingTheServer() {
    String id = cloud.serverId("alibuild05");

    assertThatThrownBy(() -> port.rebuildServer(PROJECT, id, "CC6 - x86_64 [2015-01-01]", FIRST))
        .isInstanceOf(CloudNotFoundException.class)
        .hasMessageContaining("no active image CC6 - x86_64 [2015-01-01]");
    assertThat(cloud.requests("PUT", "/compute/v2.1/servers/.*")).isEmpty();
    assertThat(cloud.requests("POST", "/compute/v2.1/servers/.*")).isEmpty();
  }

  @Test
  void refusesToRebuildAServerAnotherInstanceIsRebuilding() {
    String id = cloud.serverId("alibuild05");
    port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", RebuildRequest.first("another-instance"));

    assertThatThrownBy(() -> port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", FIRST))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("being rebuilt by runbook instance another-instance");
  }

  @Test
  void rebuildDuringAHardRebootIsRefusedAsNovaRefusesIt() {
    String id = cloud.serverId("alibuild05");
    port.hardReboot(PROJECT, id, "test/reboot/1");

    assertThatThrownBy(() -> port.rebuildServer(PROJECT, id, "CC7 - x86_64 [2023-01-04]", FIRST))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("task_state rebooting_hard");
  }

  @Test
  void deletesTheServerAndDeletingItAgainSucceeds() {
    String id = cloud.serverId("alibuild07");

    port.deleteServer(PROJECT, id);
    port.deleteServer(PROJECT, id);

    assertThat(cloud.requests("DELETE", "/compute/v2.1/servers/" + id)).hasSize(2);
    assertThat(port.server(PROJECT, id)).isEmpty();
    assertThat(port.findServer(PROJECT, "alibuild07")).isEmpty();
    assertThat(cloud.dataCentre.server("alibuild07")).isEmpty();
  }

  @Test
  void aDeletedServersNameCanBeUsedAgain() {
    port.deleteServer(PROJECT, cloud.serverId("alibuild07"));

    CloudServer server = port.createServer(PROJECT, SimulatedCloud.agent("alibuild07", INSTANCE));

    assertThat(server.status()).isEqualTo("BUILD");
  }

  @Test
  void listsEveryServerOfTheProjectWithItsDetails() {
    List<CloudServer> servers = port.servers(PROJECT);

    assertThat(servers).extracting(CloudServer::name).contains("alimesos01", "alibuild12").hasSize(15);
    CloudServer master = servers.stream().filter(s -> s.name().equals("alimesos01")).findFirst().orElseThrow();
    assertThat(master.flavorId()).isEqualTo(cloud.simulator.nova().flavorNamed("m2.large").orElseThrow().id());
    assertThat(master.addresses()).hasSize(1);
    assertThat(cloud.requests("GET", "/compute/v2.1/servers/detail")).hasSize(1);
  }

  // --- Fixtures ---

  private static RecordedRequest single(List<RecordedRequest> requests) {
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static ServerSpec withKeypair(ServerSpec s, String keypair) {
    return new ServerSpec(s.name(), s.flavor(), s.image(), keypair, s.availabilityZone(), s.landbMainUser(),
        s.landbResponsible(), s.hostgroup(), s.environment(), s.extraMetadata(), s.runbookInstanceId());
  }

  private static ServerSpec withFlavor(ServerSpec s, String flavor) {
    return new ServerSpec(s.name(), flavor, s.image(), s.keypair(), s.availabilityZone(), s.landbMainUser(),
        s.landbResponsible(), s.hostgroup(), s.environment(), s.extraMetadata(), s.runbookInstanceId());
  }

  private static ServerSpec withImage(ServerSpec s, String image) {
    return new ServerSpec(s.name(), s.flavor(), image, s.keypair(), s.availabilityZone(), s.landbMainUser(),
        s.landbResponsible(), s.hostgroup(), s.environment(), s.extraMetadata(), s.runbookInstanceId());
  }

  private static ServerSpec withZone(ServerSpec s, String zone) {
    return new ServerSpec(s.name(), s.flavor(), s.image(), s.keypair(), zone, s.landbMainUser(),
        s.landbResponsible(), s.hostgroup(), s.environment(), s.extraMetadata(), s.runbookInstanceId());
  }
}
