package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.alisw.runbooks.sandbox.openstack.SimulatedGlance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The preflight's questions: images, the latest CC7, flavors, zones, the alibuild keypair. */
class CloudPortCatalogTest {

  private static final String PROJECT = "release-testing";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @Test
  void latestCc7IsTheHighestMinorThenTheNewestReleaseDateNotTheNewestUpload() {
    CloudImage latest = port.latestImage(PROJECT, "cc7").orElseThrow();

    // 7.9 of 2022-01-05: not the 7.8 respin uploaded in 2023, nor 7.9 of 2021-03.
    assertThat(latest.name()).isEqualTo(SimulatedGlance.LATEST_CC7);
    assertThat(latest.property("os_distro_minor")).isEqualTo("9");
    assertThat(latest.isActive()).isTrue();
    assertThat(cloud.requests("GET", "/image/v2/images")).isNotEmpty();
    // No family named: the configured default (the guide's --cc7).
    assertThat(port.latestImage(PROJECT, null).orElseThrow().id()).isEqualTo(latest.id());
  }

  @Test
  void snapshotsOtherEditionsArchitecturesAndUnfinishedUploadsAreNeverTheLatest() {
    List<CloudImage> images = port.images(PROJECT);
    // Each of these is newer than the answer, and each is left out for its own reason.
    assertThat(named(images, "alibuild05-snapshot-2023-06-01").isSnapshot()).isTrue();
    assertThat(named(images, "CC7 TEST - x86_64 [2023-03-01]").property("os_edition")).isEqualTo("Test");
    assertThat(named(images, "CC7 - i686 [2023-02-01]").property("architecture")).isEqualTo("i686");
    assertThat(named(images, "CC7 - x86_64 [2024-01-10]").isActive()).isFalse();

    assertThat(port.latestImage(PROJECT, "cc7").orElseThrow().name()).isEqualTo(SimulatedGlance.LATEST_CC7);
  }

  @Test
  void minorReleasesCompareAsNumbersAndBeatANewerReleaseDate() {
    cloud.simulator.glance().addImage("CC7 - x86_64 [2019-01-01] 7.10", Instant.parse("2019-01-01T00:00:00Z"),
        SimulatedGlance.cernProperties("CC", "7", "10", "Base", "x86_64", "2019-01-01"));

    assertThat(port.latestImage(PROJECT, "cc7").orElseThrow().name()).isEqualTo("CC7 - x86_64 [2019-01-01] 7.10");
  }

  @Test
  void sameMinorIsDecidedByTheReleaseDateNotByTheUploadTime() {
    // Uploaded long ago but released last: the release date decides.
    cloud.simulator.glance().addImage("CC7 - x86_64 late release", Instant.parse("2015-01-01T00:00:00Z"),
        SimulatedGlance.cernProperties("CC", "7", "9", "Base", "x86_64", "2022-02-10"));

    assertThat(port.latestImage(PROJECT, "cc7").orElseThrow().name()).isEqualTo("CC7 - x86_64 late release");
  }

  @Test
  void anImageWithAReleaseDateButNoMinorIsSkippedWhereAiToolsWouldCrash() {
    cloud.simulator.glance().addImage("CC7 - x86_64 [2030-01-01] no minor", Instant.parse("2030-01-01T00:00:00Z"),
        SimulatedGlance.cernProperties("CC", "7", null, "Base", "x86_64", "2030-01-01"));

    assertThat(port.latestImage(PROJECT, "cc7").orElseThrow().name()).isEqualTo(SimulatedGlance.LATEST_CC7);
  }

  @Test
  void theEditionComesFromConfigurationAsNovaImageEdition() {
    OpenStackProperties base = cloud.properties(cloud.passwordAuth(), java.util.Map.of(), java.time.Duration.ofSeconds(10));
    OpenStackProperties test =
        new OpenStackProperties(base.defaultProject(), base.auth(), base.projects(), base.tokenRefreshMargin(),
            base.connectTimeout(), base.readTimeout(), base.callTimeout(), base.startCheckTimeout(), base.imageFamilies(), "cc7", "Test");

    CloudPort testEdition = cloud.port(test, new CloudsYaml(List.of()));

    assertThat(testEdition.latestImage(PROJECT, "cc7").orElseThrow().name()).isEqualTo("CC7 TEST - x86_64 [2023-03-01]");
  }

  @Test
  void alma9IsChosenByItsOwnProperties() {
    assertThat(port.latestImage(PROJECT, "alma9").orElseThrow().name()).isEqualTo("ALMA9 - x86_64 [2024-05-02]");
    assertThat(port.latestImage(PROJECT, "ALMA9").orElseThrow().property("os_distro_minor")).isEqualTo("4");
  }

  @Test
  void anUnknownFamilyIsRefusedNamingTheConfiguredOnes() {
    assertThatThrownBy(() -> port.latestImage(PROJECT, "slc6"))
        .isInstanceOf(CloudNotFoundException.class)
        .hasMessageContaining("slc6")
        .hasMessageContaining("cc7");
  }

  @Test
  void imagesCarryTheirGlanceProperties() {
    CloudImage image = named(port.images(PROJECT), SimulatedGlance.LATEST_CC7);

    assertThat(image.properties())
        .containsEntry("os_distro", "CC")
        .containsEntry("os_distro_major", "7")
        .containsEntry("os_distro_minor", "9")
        .containsEntry("os_edition", "Base")
        .containsEntry("architecture", "x86_64")
        .containsEntry("release_date", "2022-01-05T09:00:00")
        .doesNotContainKey("base_image_ref");
  }

  private static CloudImage named(List<CloudImage> images, String name) {
    return images.stream().filter(i -> name.equals(i.name())).findFirst().orElseThrow();
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
