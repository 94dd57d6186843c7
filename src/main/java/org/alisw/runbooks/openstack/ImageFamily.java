package org.alisw.runbooks.openstack;

/**
 * What an image alias such as ai-bs's {@code --cc7} means: the images whose {@code os_distro} and
 * {@code os_distro_major} properties have these values ({@code IMAGES_METADATA} in ai-tools).
 *
 * @param osDistro the {@code os_distro} property ({@code CC})
 * @param osDistroMajor the {@code os_distro_major} property ({@code 7})
 * @param namePrefix fallback only: when no image carries these properties, the newest active image
 *     whose name starts with this ({@code CC7 - x86_64}); null for no fallback
 */
public record ImageFamily(String osDistro, String osDistroMajor, String namePrefix) {

  public ImageFamily {
    if (osDistro == null || osDistro.isBlank() || osDistroMajor == null || osDistroMajor.isBlank()) {
      throw new IllegalArgumentException("an image family needs os-distro and os-distro-major");
    }
  }
}
