package org.alisw.runbooks.openstack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new volume as {@code ai-bs --nova-attach-new-volume} describes it: {@code vdb=200GB} or
 * {@code vdb=500GB:type=io1}.
 *
 * @param device the device name without /dev/ ({@code vdb})
 * @param type the Cinder volume type, or null for the default
 */
public record VolumeSpec(String device, int sizeGb, String type) {

  private static final Pattern SYNTAX =
      Pattern.compile("(?<device>vd[b-z])=(?<size>[1-9][0-9]*)(GB|G)?(:type=(?<type>[A-Za-z0-9_.-]+))?");

  public VolumeSpec {
    if (device == null || !device.matches("vd[b-z]")) {
      throw new IllegalArgumentException("device must be vdb..vdz, not " + device);
    }
    if (sizeGb < 1) {
      throw new IllegalArgumentException("a volume has at least 1 GB, not " + sizeGb);
    }
  }

  /** Parses {@code vdb=500GB:type=io1}. */
  public static VolumeSpec parse(String spec) {
    Matcher m = SYNTAX.matcher(spec == null ? "" : spec.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + spec + "' is not a volume like vdb=200GB or vdb=500GB:type=io1");
    }
    return new VolumeSpec(m.group("device"), Integer.parseInt(m.group("size")), m.group("type"));
  }

  /** {@code /dev/vdb}. */
  public String devicePath() {
    return "/dev/" + device;
  }

  @Override
  public String toString() {
    return device + "=" + sizeGb + "GB" + (type == null ? "" : ":type=" + type);
  }
}
