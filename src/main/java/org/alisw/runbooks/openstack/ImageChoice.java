package org.alisw.runbooks.openstack;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How ai-tools picks "the latest" image of an alias ({@code common.get_nova_image_id}, {@code
 * NovaClient.get_latest_image}): by the images' properties, not by their names. docs/openstack.md
 * ("Fidelity to ai-tools") lists where this differs.
 */
final class ImageChoice {

  private static final Logger log = LoggerFactory.getLogger(ImageChoice.class);
  static final String ARCHITECTURE = "x86_64";

  private final Map<String, ImageFamily> families;
  private final String defaultFamily;
  private final String edition;

  /**
   * @param families by alias ({@code cc7}, {@code alma9})
   * @param defaultFamily the alias {@link #latest} uses when given none (the guide's {@code --cc7})
   * @param edition the {@code os_edition} asked for ({@code Base}, ai-bs's default)
   */
  ImageChoice(Map<String, ImageFamily> families, String defaultFamily, String edition) {
    this.families = Map.copyOf(families);
    this.defaultFamily = defaultFamily;
    this.edition = edition;
    if (!this.families.containsKey(defaultFamily)) {
      throw new IllegalStateException(
          "runbooks.openstack.default-image-family '" + defaultFamily + "' is not one of runbooks.openstack.image-families "
              + this.families.keySet());
    }
  }

  /** True when {@code image} names a family ({@code cc7}, case-insensitive, as the CLI flag). */
  boolean isFamily(String image) {
    return image != null && families.containsKey(image.toLowerCase(Locale.ROOT));
  }

  String defaultFamily() {
    return defaultFamily;
  }

  /**
   * The latest image of the family (null: the default one): active, matching {@code os_distro},
   * {@code os_distro_major}, {@code os_edition}, architecture {@code x86_64}, with a {@code
   * release_date} and no {@code base_image_ref}; the highest {@code os_distro_minor}, then the
   * newest release date. When no image carries the properties at all, the newest active image whose
   * name starts with the family's name prefix.
   */
  Optional<CloudImage> latest(List<CloudImage> images, String family) {
    String alias = family == null ? defaultFamily : family.toLowerCase(Locale.ROOT);
    ImageFamily wanted = families.get(alias);
    if (wanted == null) {
      throw new CloudNotFoundException("No image family '" + family + "'; configured: " + families.keySet());
    }
    List<Candidate> candidates =
        images.stream()
            .filter(CloudImage::isActive)
            .filter(i -> matches(i, wanted))
            .map(ImageChoice::candidate)
            .flatMap(Optional::stream)
            .toList();
    if (!candidates.isEmpty()) {
      return candidates.stream()
          .max(Comparator.comparingInt(Candidate::minor).thenComparing(Candidate::released))
          .map(Candidate::image);
    }
    if (images.stream().anyMatch(i -> i.property("os_distro") != null)) {
      return Optional.empty();
    }
    return byNamePrefix(images, alias, wanted);
  }

  private boolean matches(CloudImage image, ImageFamily family) {
    return family.osDistro().equals(image.property("os_distro"))
        && family.osDistroMajor().equals(image.property("os_distro_major"))
        && edition.equals(image.property("os_edition"))
        && ARCHITECTURE.equals(image.property("architecture"))
        && image.property("release_date") != null
        && !image.isSnapshot();
  }

  private record Candidate(CloudImage image, int minor, LocalDateTime released) {}

  /** The image with its minor and release date parsed, or empty (logged) when one is unreadable. */
  private static Optional<Candidate> candidate(CloudImage image) {
    String minor = image.property("os_distro_minor");
    String date = image.property("release_date");
    try {
      return Optional.of(new Candidate(image, Integer.parseInt(minor == null ? "" : minor.trim()), releaseDate(date)));
    } catch (NumberFormatException | DateTimeParseException e) {
      // ai-tools crashes with a KeyError here; one odd image must not stop every boot.
      log.warn("Image {} ({}) skipped as a candidate for the latest image: os_distro_minor '{}', release_date '{}' unreadable",
          image.name(), image.id(), minor, date);
      return Optional.empty();
    }
  }

  /** ai-tools parses release_date with dateutil: a date, a date-time, or one with an offset. */
  static LocalDateTime releaseDate(String value) {
    String text = value.trim();
    try {
      return OffsetDateTime.parse(text).toLocalDateTime();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text.replace(' ', 'T'));
      } catch (DateTimeParseException e2) {
        return LocalDate.parse(text).atStartOfDay();
      }
    }
  }

  private static Optional<CloudImage> byNamePrefix(List<CloudImage> images, String alias, ImageFamily family) {
    if (family.namePrefix() == null || family.namePrefix().isBlank()) {
      return Optional.empty();
    }
    Optional<CloudImage> latest =
        images.stream()
            .filter(CloudImage::isActive)
            .filter(i -> i.name() != null && i.name().startsWith(family.namePrefix()))
            .max(Comparator.comparing(CloudImage::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(CloudImage::name));
    latest.ifPresent(i -> log.warn(
        "No image carries os_distro properties: image family {} falls back to the newest image named '{}*': {}",
        alias, family.namePrefix(), i.name()));
    return latest;
  }
}
