package org.alisw.runbooks.openstack;

import java.util.Map;

/**
 * A Glance image with the properties CERN tags its images with ({@code os_distro}, {@code
 * os_distro_major}, {@code os_distro_minor}, {@code os_edition}, {@code architecture}, {@code
 * release_date}; {@code base_image_ref} on snapshots).
 *
 * @param status Glance's status: {@code active} when usable
 * @param createdAt when it was uploaded, ISO-8601
 * @param properties the image's properties as Glance lists them (all strings); absent ones missing
 */
public record CloudImage(String id, String name, String status, String createdAt, Map<String, String> properties) {

  public CloudImage {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /** An image without properties. */
  public CloudImage(String id, String name, String status, String createdAt) {
    this(id, name, status, createdAt, Map.of());
  }

  public boolean isActive() {
    return "active".equals(status);
  }

  /** The property, or null when the image does not carry it. */
  public String property(String key) {
    return properties.get(key);
  }

  /** True for a snapshot of a server: ai-tools excludes those from "the latest image". */
  public boolean isSnapshot() {
    String ref = property("base_image_ref");
    return ref != null && !ref.isBlank();
  }
}
