package org.alisw.runbooks.openstack;

/**
 * A Glance image.
 *
 * @param status Glance's status: {@code active} when usable
 * @param createdAt when it was uploaded, ISO-8601
 */
public record CloudImage(String id, String name, String status, String createdAt) {

  public boolean isActive() {
    return "active".equals(status);
  }
}
