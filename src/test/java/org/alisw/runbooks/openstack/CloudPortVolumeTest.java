package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cinder volumes as ai-bs --nova-attach-new-volume and the delete runbook use them, over HTTP. */
class CloudPortVolumeTest {

  private static final String PROJECT = "release-testing";
  private static final String INSTANCE = "7b2e0c55-process-instance";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();
  private CloudServer server;

  @BeforeEach
  void bootServer() {
    cloud.simulator.cinder().setCreationTime(Duration.ofSeconds(10));
    server = port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE));
    cloud.clock.advance(Duration.ofSeconds(60));
    server = port.server(PROJECT, server.id()).orElseThrow();
  }

  @Test
  void createsTheVolumeOfTheSizeAndTypeInTheServersZone() {
    CloudVolume volume = port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB:type=io1"), INSTANCE));

    RecordedRequest create = single(cloud.requests("POST", "/volume/v3/" + cloud.releaseTesting.id() + "/volumes"));
    JsonNode body = create.body().path("volume");
    assertThat(body.path("name").asText()).isEqualTo("alibuild13-vdb");
    assertThat(body.path("size").asInt()).isEqualTo(500);
    assertThat(body.path("volume_type").asText()).isEqualTo("io1");
    assertThat(body.path("availability_zone").asText()).isEqualTo("cern-geneva-b");
    assertThat(body.at("/metadata/" + CloudPort.INSTANCE_METADATA_KEY).asText()).isEqualTo(INSTANCE);
    assertThat(volume.status()).isEqualTo("creating");
    assertThat(volume.sizeGb()).isEqualTo(500);
    assertThat(volume.type()).isEqualTo("io1");

    cloud.clock.advance(Duration.ofSeconds(10));
    assertThat(port.volume(PROJECT, volume.id()).orElseThrow().isAvailable()).isTrue();
  }

  @Test
  void aVolumeWithoutTypeGetsTheDefaultType() {
    CloudVolume volume = port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=200GB"), INSTANCE));

    assertThat(single(cloud.requests("POST", "/volume/v3/.*/volumes")).body().path("volume").has("volume_type")).isFalse();
    assertThat(volume.type()).isEqualTo("standard");
  }

  @Test
  void creatingTheVolumeTwiceForTheSameInstanceYieldsOneVolume() {
    VolumeRequest request = VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB:type=io1"), INSTANCE);

    CloudVolume first = port.ensureVolume(PROJECT, request);
    CloudVolume second = port.ensureVolume(PROJECT, request);

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(cloud.requests("POST", "/volume/v3/.*/volumes")).hasSize(1);
    assertThat(cloud.simulator.cinder().volumes()).hasSize(1);
    assertThat(cloud.requests("GET", "/volume/v3/.*/volumes/detail")).allMatch(r -> "alibuild13-vdb".equals(r.queryParam("name")));
  }

  @Test
  void refusesAVolumeNameTakenByAVolumeItDidNotCreate() {
    cloud.simulator.cinder().addVolume("alibuild13-vdb", 100, "standard", "cern-geneva-b", PROJECT);

    assertThatThrownBy(() -> port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB"), INSTANCE)))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("not created by runbook instance " + INSTANCE);
  }

  @Test
  void unknownVolumeTypeAndQuotaAreRefusedAsCinderRefusesThem() {
    assertThatThrownBy(() -> port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB:type=io9"), INSTANCE)))
        .isInstanceOf(CloudNotFoundException.class)
        .hasMessageContaining("Volume type with name io9 could not be found")
        .hasMessageContaining("[cp1, io1, standard]");
    assertThat(cloud.requests("GET", "/volume/v3/.*/types")).hasSize(1);
    assertThat(cloud.requests("POST", "/volume/v3/.*/volumes")).isEmpty();

    cloud.simulator.cinder().setQuota(PROJECT, 10, 400);
    assertThatThrownBy(() -> port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB"), INSTANCE)))
        .isInstanceOfSatisfying(CloudQuotaExceededException.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessageContaining("exceeds allowed gigabytes quota");
  }

  @Test
  void attachesTheAvailableVolumeAsVdbOnceAndListsItAsTheServers() {
    CloudVolume volume = availableVolume();

    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");
    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");

    RecordedRequest attach = single(cloud.requests("POST", "/compute/v2.1/servers/" + server.id() + "/os-volume_attachments"));
    assertThat(attach.body().at("/volumeAttachment/volumeId").asText()).isEqualTo(volume.id());
    assertThat(attach.body().at("/volumeAttachment/device").asText()).isEqualTo("/dev/vdb");
    List<CloudVolume> volumes = port.volumesOf(PROJECT, server.id());
    assertThat(volumes).singleElement().satisfies(v -> {
      assertThat(v.status()).isEqualTo("in-use");
      assertThat(v.attachments()).containsExactly(new CloudVolume.Attachment(server.id(), "/dev/vdb"));
    });
    assertThat(port.server(PROJECT, server.id()).orElseThrow().attachedVolumeIds()).containsExactly(volume.id());
  }

  @Test
  void attachingAVolumeStillCreatingIsNotYetAndSendsNothingToNova() {
    CloudVolume volume = port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB"), INSTANCE));

    // Nova would refuse it with a 400 (an incident); "not yet" lets the engine retry the job.
    assertThatThrownBy(() -> port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb"))
        .isInstanceOf(CloudBusyException.class)
        .hasMessageContaining("is creating");
    assertThat(cloud.requests("POST", "/compute/v2.1/servers/.*/os-volume_attachments")).isEmpty();
  }

  @Test
  void attachingAcrossZonesIsRefused() {
    CloudVolume volume =
        port.ensureVolume(PROJECT, new VolumeRequest("alibuild13-vdb", VolumeSpec.parse("vdb=500GB"), "cern-geneva-c", INSTANCE));
    cloud.clock.advance(Duration.ofSeconds(10));

    assertThatThrownBy(() -> port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb"))
        .isInstanceOf(CloudRejectedException.class)
        .hasMessageContaining("not in the same availability zone");
  }

  @Test
  void detachesOnceAndDeletesTheVolumeTwiceWithoutError() {
    CloudVolume volume = availableVolume();
    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");

    port.detachVolume(PROJECT, server.id(), volume.id());
    port.detachVolume(PROJECT, server.id(), volume.id());
    port.deleteVolume(PROJECT, volume.id());
    port.deleteVolume(PROJECT, volume.id());

    assertThat(cloud.requests("DELETE", "/compute/v2.1/servers/" + server.id() + "/os-volume_attachments/" + volume.id())).hasSize(1);
    // The second delete finds the volume gone and sends nothing.
    assertThat(cloud.requests("DELETE", "/volume/v3/" + cloud.releaseTesting.id() + "/volumes/" + volume.id())).hasSize(1);
    assertThat(port.volume(PROJECT, volume.id())).isEmpty();
  }

  @Test
  void deletingAnAttachedVolumeIsRefusedButItIsFreeOnceTheServerIsDeleted() {
    CloudVolume volume = availableVolume();
    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");
    assertThatThrownBy(() -> port.deleteVolume(PROJECT, volume.id()))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("Volume status must be available");

    // The delete-vm runbook: volumes listed first, server deleted, then the volumes.
    List<CloudVolume> attached = port.volumesOf(PROJECT, server.id());
    port.deleteServer(PROJECT, server.id());
    assertThat(port.volume(PROJECT, volume.id()).orElseThrow().isAvailable()).isTrue();
    attached.forEach(v -> port.deleteVolume(PROJECT, v.id()));

    assertThat(cloud.simulator.cinder().volumes()).isEmpty();
    assertThat(port.volumesOf(PROJECT, server.id())).isEmpty();
  }

  private CloudVolume availableVolume() {
    CloudVolume volume = port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB:type=io1"), INSTANCE));
    cloud.clock.advance(Duration.ofSeconds(10));
    return volume;
  }

  private static RecordedRequest single(List<RecordedRequest> requests) {
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }
}
