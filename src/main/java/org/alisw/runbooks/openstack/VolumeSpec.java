package org.alisw.runbooks.openstack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A new volume as {@code ai-bs --nova-attach-new-volume} describes it: {@code vdb=200GB}, {@code
 * vdb=500GB:type=io1}, {@code vdb=1TB:delete-on-terminate:type=io1} (1 TB = 1000 GB, as ai-bs).
 *
 * @param device the device name without /dev/ ({@code vdb})
 * @param type the Cinder volume type, or null for the default
 * @param deleteOnTermination true only with {@code :delete-on-terminate}: Nova then deletes the
 *     volume with the server
 */
public record VolumeSpec(String device, int sizeGb, String type, boolean deleteOnTermination) {

  // ai-bs's regex is case-insensitive but multiplies only "TB": "1tb" would be 1 GB there, so
  // lower-case units are refused here rather than misread.
  private static final Pattern SYNTAX =
      Pattern.compile(
          "(?<device>vd[b-z])=(?<size>[1-9][0-9]*)(?<unit>GB|G|TB)?(?<dot>:delete-on-terminate)?(:type=(?<type>[A-Za-z0-9_.-]+))?");

  public VolumeSpec {
    if (device == null || !device.matches("vd[b-z]")) {
      throw new IllegalArgumentException("device must be vdb..vdz, not " + device);
    }
    if (sizeGb < 1) {
      throw new IllegalArgumentException("a volume has at least 1 GB, not " + sizeGb);
    }
  }

  /** A volume that outlives its server, as ai-bs makes it by default. */
  public VolumeSpec(String device, int sizeGb, String type) {
    this(device, sizeGb, type, false);
  }

  /** Parses {@code vdb=500GB:type=io1}. */
  public static VolumeSpec parse(String spec) {
    Matcher m = SYNTAX.matcher(spec == null ? "" : spec.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + spec + "' is not a volume like vdb=200GB, vdb=1TB or vdb=500GB:type=io1");
    }
    int size = Math.multiplyExact(Integer.parseInt(m.group("size")), "TB".equals(m.group("unit")) ? 1000 : 1);
    return new VolumeSpec(m.group("device"), size, m.group("type"), m.group("dot") != null);
  }

  /** {@code /dev/vdb}. */
  public String devicePath() {
    return "/dev/" + device;
  }

  @Override
  public String toString() {
    return device + "=" + sizeGb + "GB" + (deleteOnTermination ? ":delete-on-terminate" : "")
        + (type == null ? "" : ":type=" + type);
  }
}
