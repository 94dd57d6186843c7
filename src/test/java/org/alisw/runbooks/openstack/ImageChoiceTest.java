package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of "the latest image" that the simulated catalogue cannot show (it carries properties). */
class ImageChoiceTest {

  private final ImageChoice choice = new ImageChoice(OpenStackProperties.DEFAULT_IMAGE_FAMILIES, "cc7", "Base");

  @Test
  void fallsBackToTheNamePrefixOnlyWhenNoImageCarriesProperties() {
    List<CloudImage> unlabelled = List.of(
        new CloudImage("a", "CC7 - x86_64 [2021-06-02]", "active", "2021-06-02T09:00:00Z"),
        new CloudImage("b", "CC7 - x86_64 [2022-03-01]", "active", "2022-03-01T09:00:00Z"),
        new CloudImage("c", "CC7 - i686 [2023-02-01]", "active", "2023-02-01T09:00:00Z"));

    assertThat(choice.latest(unlabelled, "cc7")).map(CloudImage::id).contains("b");
  }

  @Test
  void noFallbackWhenImagesCarryPropertiesButNoneMatches() {
    List<CloudImage> images = List.of(
        new CloudImage("a", "CC7 - x86_64 [2022-03-01]", "active", "2022-03-01T09:00:00Z", Map.of("os_distro", "RHEL")));

    assertThat(choice.latest(images, "cc7")).isEmpty();
  }

  @Test
  void readsTheReleaseDateFormatsCernUses() {
    assertThat(ImageChoice.releaseDate("2022-01-05")).isEqualTo(LocalDateTime.parse("2022-01-05T00:00:00"));
    assertThat(ImageChoice.releaseDate("2022-01-05T09:30:00")).isEqualTo(LocalDateTime.parse("2022-01-05T09:30:00"));
    assertThat(ImageChoice.releaseDate("2022-01-05 09:30:00")).isEqualTo(LocalDateTime.parse("2022-01-05T09:30:00"));
    assertThat(ImageChoice.releaseDate("2022-01-05T09:30:00+01:00")).isEqualTo(LocalDateTime.parse("2022-01-05T09:30:00"));
  }

  @Test
  void anUnreadableReleaseDateSkipsTheImage() {
    Map<String, String> good = Map.of("os_distro", "CC", "os_distro_major", "7", "os_distro_minor", "8",
        "os_edition", "Base", "architecture", "x86_64", "release_date", "2020-04-06");
    Map<String, String> odd = new java.util.HashMap<>(good);
    odd.put("os_distro_minor", "9");
    odd.put("release_date", "spring 2022");

    List<CloudImage> images = List.of(
        new CloudImage("good", "CC7 7.8", "active", null, good), new CloudImage("odd", "CC7 7.9", "active", null, odd));

    assertThat(choice.latest(images, "cc7")).map(CloudImage::id).contains("good");
  }
}
