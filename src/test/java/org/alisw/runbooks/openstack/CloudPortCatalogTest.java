package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The preflight's questions: images, the latest CC7, flavors, zones, the alibuild keypair. */
class CloudPortCatalogTest {

  private static final String PROJECT = "release-testing";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @Test
  void latestImageIsTheNewestActiveImageWithThePrefix() {
    CloudImage latest = port.latestImage(PROJECT, "CC7 - x86_64").orElseThrow();

    // Not the i686 one, nor the 2024 upload still queued.
    assertThat(latest.name()).isEqualTo("CC7 - x86_64 [2023-01-04]");
    assertThat(latest.isActive()).isTrue();
    assertThat(latest.createdAt()).isEqualTo("2023-01-04T09:00:00Z");
    assertThat(port.latestImage(PROJECT, "SLC6")).isEmpty();
  }

  @Test
  void listsEveryImageAcrossGlancesPages() {
    for (int i = 0; i < 120; i++) {
      cloud.simulator.glance().addImage("Fedora test " + i, Instant.parse("2017-01-01T00:00:00Z").plusSeconds(i), "fedora", "25");
    }

    List<CloudImage> images = port.images(PROJECT);

    assertThat(images).hasSize(cloud.simulator.glance().images().size());
    List<RecordedRequest> pages = cloud.requests("GET", "/image/v2/images");
    assertThat(pages).hasSize(2);
    assertThat(pages.get(0).queryParam("limit")).isEqualTo("100");
    assertThat(pages.get(0).queryParam("marker")).isNull();
    assertThat(pages.get(1).queryParam("marker")).isEqualTo(images.get(99).id());
  }

  @Test
  void listsTheFlavorsWithTheirSizes() {
    List<CloudFlavor> flavors = port.flavors(PROJECT);

    assertThat(flavors).extracting(CloudFlavor::name).contains("m2.large", "m2.2xlarge");
    CloudFlavor big = flavors.stream().filter(f -> f.name().equals("m2.2xlarge")).findFirst().orElseThrow();
    assertThat(big.vcpus()).isEqualTo(16);
    assertThat(big.ramMb()).isEqualTo(30000);
    assertThat(big.diskGb()).isEqualTo(320);
    assertThat(cloud.requests("GET", "/compute/v2.1/flavors/detail")).hasSize(1);
  }

  @Test
  void listsTheAvailabilityZonesWithoutTheAdminOnlyDetail() {
    assertThat(port.availabilityZones(PROJECT)).containsExactly("cern-geneva-a", "cern-geneva-b", "cern-geneva-c");
    assertThat(cloud.requests("GET", "/compute/v2.1/os-availability-zone")).hasSize(1);
  }

  @Test
  void importsTheKeypairFromThePublicKeyFileWhenAbsent(@TempDir Path dir) throws Exception {
    String publicKey = SimulatedCloud.publicKey("alibuild@aiadm");
    Path file = Files.writeString(dir.resolve("alibuild.pub"), publicKey + "\n");

    CloudKeypair keypair = port.ensureKeypair(PROJECT, "alibuild", file);

    RecordedRequest create = cloud.requests("POST", "/compute/v2.1/os-keypairs").get(0);
    assertThat(create.body().at("/keypair/name").asText()).isEqualTo("alibuild");
    assertThat(create.body().at("/keypair/public_key").asText()).isEqualTo(publicKey);
    assertThat(keypair.created()).isTrue();
    assertThat(keypair.fingerprint()).isEqualTo(Fingerprints.md5(publicKey)).matches("([0-9a-f]{2}:){15}[0-9a-f]{2}");
    assertThat(cloud.simulator.nova().keypairs(cloud.user.id())).containsKey("alibuild");
  }

  @Test
  void leavesAKeypairWithTheSameFingerprintAlone() {
    String publicKey = SimulatedCloud.publicKey("alibuild@aiadm");
    port.ensureKeypair(PROJECT, "alibuild", publicKey);

    // Same key, another comment: same fingerprint.
    CloudKeypair again = port.ensureKeypair(PROJECT, "alibuild", publicKey.replace("alibuild@aiadm", "other comment"));

    assertThat(again.created()).isFalse();
    assertThat(cloud.requests("POST", "/compute/v2.1/os-keypairs")).hasSize(1);
    assertThat(cloud.requests("GET", "/compute/v2.1/os-keypairs/alibuild")).hasSize(2);
  }

  @Test
  void refusesClearlyWhenTheKeypairHoldsAnotherKey() {
    port.ensureKeypair(PROJECT, "alibuild", SimulatedCloud.publicKey("old"));
    String newKey = SimulatedCloud.publicKey("new");

    assertThatThrownBy(() -> port.ensureKeypair(PROJECT, "alibuild", newKey))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("Keypair alibuild already exists")
        .hasMessageContaining(Fingerprints.md5(newKey));
  }

  @Test
  void aPublicKeyNovaCannotReadIsRefused() {
    assertThatThrownBy(() -> port.ensureKeypair(PROJECT, "alibuild", "ssh-rsa not-base64!"))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> port.ensureKeypair(PROJECT, "bad/name", SimulatedCloud.publicKey("x")))
        .isInstanceOfSatisfying(CloudRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
  }
}
