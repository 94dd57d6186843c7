package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.alisw.runbooks.openstack.ServerSpec.BlockDevice;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.alisw.runbooks.sandbox.openstack.SimulatedGlance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's {@code ai-bs ... --cc7 --nova-attach-new-volume vdb=500GB:type=io1} over HTTP: the
 * volume created first, then one boot carrying it, the metadata, the key, the zone and the
 * puppetinit user data; and the console cloud-init writes.
 */
class CloudPortBootAsAiBsTest {

  private static final String PROJECT = "release-testing";
  private static final String INSTANCE = "5d0e7a41-process-instance";
  private static final String PUPPETINIT = "#!/bin/sh\n# puppetinit, rendered by the runbook\ncertmgr-getcert -s certmgr.cern.ch -p 8008\n";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @BeforeEach
  void importTheAlibuildKeypair() {
    port.ensureKeypair(PROJECT, "alibuild", SimulatedCloud.publicKey("alibuild"));
  }

  @Test
  void createsTheVolumeNamedAfterTheFqdnWithItsTypeAndNoZone() {
    cloud.simulator.cinder().setCreationTime(Duration.ofSeconds(5));

    CloudVolume volume =
        port.ensureVolume(PROJECT, VolumeRequest.beforeBoot("alibuild13.cern.ch", 1, VolumeSpec.parse("vdb=500GB:type=io1"), INSTANCE));

    JsonNode body = single(cloud.requests("POST", "/volume/v3/.*/volumes")).body().path("volume");
    assertThat(body.path("name").asText()).isEqualTo("alibuild13.cern.ch_vol_001");
    assertThat(body.path("size").asInt()).isEqualTo(500);
    assertThat(body.path("volume_type").asText()).isEqualTo("io1");
    assertThat(body.has("availability_zone")).isFalse();
    assertThat(volume.status()).isEqualTo("creating");
  }

  @Test
  void bootsWithTheVolumeMetadataKeyZoneAndPuppetinitUserData() {
    CloudVolume volume = availableVolume("alibuild13.cern.ch", 1, "vdb=500GB:type=io1");

    CloudServer server = port.createServer(PROJECT, agentWithVolume(volume));

    JsonNode boot = single(cloud.requests("POST", "/compute/v2.1/servers")).body().path("server");
    assertThat(boot.path("name").asText()).isEqualTo("alibuild13");
    assertThat(boot.path("imageRef").asText()).isEqualTo(cloud.simulator.glance().imageNamed(SimulatedGlance.LATEST_CC7).orElseThrow().id());
    assertThat(boot.path("key_name").asText()).isEqualTo("alibuild");
    assertThat(boot.path("availability_zone").asText()).isEqualTo("cern-geneva-b");
    JsonNode bdm = boot.path("block_device_mapping_v2");
    assertThat(bdm).hasSize(1);
    assertThat(bdm.get(0).path("uuid").asText()).isEqualTo(volume.id());
    assertThat(bdm.get(0).path("device_name").asText()).isEqualTo("vdb");
    assertThat(bdm.get(0).path("source_type").asText()).isEqualTo("volume");
    assertThat(bdm.get(0).path("destination_type").asText()).isEqualTo("volume");
    assertThat(bdm.get(0).path("delete_on_termination").asBoolean(true)).isFalse();
    JsonNode metadata = boot.path("metadata");
    assertThat(metadata.path("tenant-name").asText()).isEqualTo("ALICE Release Testing");
    assertThat(metadata.path("tenant-id").asText()).isEqualTo(cloud.releaseTesting.id());
    assertThat(metadata.path("landb-mainuser").asText()).isEqualTo("alice-agile-admin");
    assertThat(metadata.path("landb-responsible").asText()).isEqualTo("alice-agile-admin");
    assertThat(metadata.path("landb-ipv6ready").asText()).isEqualTo("false");
    assertThat(metadata.path(CloudPort.INSTANCE_METADATA_KEY).asText()).isEqualTo(INSTANCE);
    String userData = new String(Base64.getDecoder().decode(boot.path("user_data").asText()), StandardCharsets.UTF_8);
    assertThat(userData).startsWith("Content-Type: multipart/mixed; boundary=");
    assertThat(userData).contains(
        "Content-Type: text/x-shellscript; charset=\"us-ascii\"\n",
        "Content-Disposition: attachment; filename=\"puppetinit\"\n\n" + PUPPETINIT);
    assertThat(userData.indexOf("text/x-shellscript")).isLessThan(userData.indexOf(PUPPETINIT));

    // Nova attached the volume at boot and kept the user data.
    assertThat(cloud.simulator.nova().userDataOf(server.id())).contains(userData);
    assertThat(port.volumesOf(PROJECT, server.id())).singleElement().satisfies(v -> {
      assertThat(v.id()).isEqualTo(volume.id());
      assertThat(v.status()).isEqualTo("in-use");
      assertThat(v.isAttachedTo(server.id())).isTrue();
    });
    assertThat(cloud.requests("POST", "/compute/v2.1/servers/.*/os-volume_attachments")).isEmpty();
  }

  @Test
  void ipv6ReadinessIsAlwaysSentAsTrueOrFalse() {
    port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE).withLandbIpv6Ready(true));

    assertThat(single(cloud.requests("POST", "/compute/v2.1/servers")).body().at("/server/metadata/landb-ipv6ready").asText())
        .isEqualTo("true");
  }

  @Test
  void aRepeatedBootOfTheSameInstanceAdoptsTheServerAndLeavesTheVolumeAttachedOnce() {
    CloudVolume volume = availableVolume("alibuild13.cern.ch", 1, "vdb=500GB:type=io1");
    CloudServer first = port.createServer(PROJECT, agentWithVolume(volume));

    CloudServer again = port.createServer(PROJECT, agentWithVolume(volume));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(cloud.requests("POST", "/compute/v2.1/servers")).hasSize(1);
    assertThat(port.volume(PROJECT, volume.id()).orElseThrow().isAttachedTo(first.id())).isTrue();
  }

  @Test
  void aVolumeStillBeingCreatedIsRefusedAtBootAsNovaRefusesIt() {
    cloud.simulator.cinder().setCreationTime(Duration.ofSeconds(30));
    CloudVolume creating =
        port.ensureVolume(PROJECT, VolumeRequest.beforeBoot("alibuild13.cern.ch", 1, VolumeSpec.parse("vdb=500GB"), INSTANCE));

    assertThatThrownBy(() -> port.createServer(PROJECT, agentWithVolume(creating)))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("status must be available");
    assertThat(cloud.dataCentre.server("alibuild13")).isEmpty();
  }

  @Test
  void theConsoleShowsThePuppetinitPartAndTheHostKeyTheMachinePresents(@TempDir Path ssh) throws Exception {
    try (SimulatedHosts hosts = SimulatedHosts.start(cloud.dataCentre, ssh, "root", new Faults())) {
      cloud.simulator.nova().useHostKeyFingerprints(hosts::consoleFingerprintLines);
      CloudServer server = port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE).withPuppetinit(PUPPETINIT));
      cloud.clock.advance(Duration.ofSeconds(60));

      String console = port.consoleOutput(PROJECT, server.id(), 0);

      assertThat(console).contains("text/x-shellscript filename=puppetinit");
      assertThat(console).contains(
          "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\n"
              + "ec2: 256 " + hosts.hostKeyFingerprint("alibuild13") + " root@alibuild13 (ECDSA)\n"
              + "ec2: -----END SSH HOST KEY FINGERPRINTS-----\n");
      RecordedRequest request = single(cloud.requests("POST", "/compute/v2.1/servers/" + server.id() + "/action"));
      assertThat(request.body().has("os-getConsoleOutput")).isTrue();
      assertThat(request.body().at("/os-getConsoleOutput/length").isMissingNode()).isTrue();
    }
  }

  @Test
  void theConsoleShowsTheNewHostKeyAfterARebuild(@TempDir Path ssh) throws Exception {
    try (SimulatedHosts hosts = SimulatedHosts.start(cloud.dataCentre, ssh, "root", new Faults())) {
      cloud.simulator.nova().useHostKeyFingerprints(hosts::consoleFingerprintLines);
      String id = cloud.serverId("alibuild05");
      String before = hosts.hostKeyFingerprint("alibuild05");
      assertThat(port.consoleOutput(PROJECT, id, 0)).contains(before);

      port.rebuildServer(PROJECT, id, null, RebuildRequest.first(INSTANCE));
      assertThat(port.consoleOutput(PROJECT, id, 0)).doesNotContain("FINGERPRINTS");
      cloud.clock.advance(Duration.ofSeconds(90));

      String after = port.consoleOutput(PROJECT, id, 0);
      assertThat(after).contains(hosts.hostKeyFingerprint("alibuild05")).doesNotContain(before);
    }
  }

  /** The sandbox's switch for verify-host's "Confirm the new host key": a console without the block. */
  @Test
  void aConsoleCanBeMadeToLeaveOutTheHostKeyBlockAndShowItAgain(@TempDir Path ssh) throws Exception {
    try (SimulatedHosts hosts = SimulatedHosts.start(cloud.dataCentre, ssh, "root", new Faults())) {
      cloud.simulator.nova().useHostKeyFingerprints(hosts::consoleFingerprintLines);
      String id = cloud.serverId("alibuild05");

      cloud.simulator.nova().hideHostKeyFingerprints("alibuild05", true);
      assertThat(port.consoleOutput(PROJECT, id, 0)).contains("alibuild05 login:").doesNotContain("FINGERPRINTS");
      assertThat(port.consoleOutput(PROJECT, cloud.serverId("alibuild06"), 0)).contains(hosts.hostKeyFingerprint("alibuild06"));

      cloud.simulator.nova().hideHostKeyFingerprints("alibuild05", false);
      assertThat(port.consoleOutput(PROJECT, id, 0)).contains(hosts.hostKeyFingerprint("alibuild05"));
    }
  }

  @Test
  void theConsoleTailHasTheRequestedNumberOfLines() {
    String id = cloud.serverId("alibuild05");

    String tail = port.consoleOutput(PROJECT, id, 3);

    assertThat(tail.split("\n")).hasSize(3);
    assertThat(tail).endsWith("alibuild05 login: \n");
    assertThat(single(cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action")).body().at("/os-getConsoleOutput/length").asInt())
        .isEqualTo(3);
  }

  @Test
  void aServerStillBeingScheduledHasNoConsoleYet() {
    CloudServer server = port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE));

    assertThatThrownBy(() -> port.consoleOutput(PROJECT, server.id(), 10))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("is not ready");
  }

  // --- Fixtures ---

  private CloudVolume availableVolume(String fqdn, int ordinal, String spec) {
    cloud.simulator.cinder().setCreationTime(Duration.ofSeconds(5));
    CloudVolume volume = port.ensureVolume(PROJECT, VolumeRequest.beforeBoot(fqdn, ordinal, VolumeSpec.parse(spec), INSTANCE));
    cloud.clock.advance(Duration.ofSeconds(5));
    return volume;
  }

  private static ServerSpec agentWithVolume(CloudVolume volume) {
    ServerSpec agent = SimulatedCloud.agent("alibuild13", INSTANCE);
    ServerSpec withKey = new ServerSpec(agent.name(), agent.flavor(), "cc7", "alibuild", agent.availabilityZone(),
        agent.landbMainUser(), agent.landbResponsible(), agent.hostgroup(), agent.environment(), agent.extraMetadata(),
        agent.runbookInstanceId());
    return withKey.withVolumes(List.of(new BlockDevice(volume.id(), "vdb", false))).withPuppetinit(PUPPETINIT);
  }

  private static RecordedRequest single(List<RecordedRequest> requests) {
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }
}
