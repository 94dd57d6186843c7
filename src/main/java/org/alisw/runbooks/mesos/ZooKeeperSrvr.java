package org.alisw.runbooks.mesos;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses ZooKeeper's {@code srvr} answer, for example (3.4):
 *
 * <pre>
 * Zookeeper version: 3.4.14-4c25d480e66aadd371de8bd2fd8da255ac140bcf, built on 03/06/2019 16:18 GMT
 * Latency min/avg/max: 0/0/25
 * Received: 1466
 * Sent: 1465
 * Connections: 2
 * Outstanding: 0
 * Zxid: 0x100000010
 * Mode: follower
 * Node count: 44
 * </pre>
 *
 * 3.5+ writes a float average latency and a leader adds {@code Proposal sizes last/min/max}. A server
 * without quorum answers {@code This ZooKeeper instance is not currently serving requests}; a 3.5+
 * server answers {@code srvr is not executed because it is not in the whitelist.} when the command
 * is not whitelisted.
 */
public final class ZooKeeperSrvr {

  static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

  private ZooKeeperSrvr() {}

  public static ZooKeeperStatus parse(String master, String answer) {
    if (answer == null || answer.isBlank()) {
      return ZooKeeperStatus.failed(master, ZooKeeperMode.UNREACHABLE, "no answer to srvr");
    }
    if (answer.contains(NOT_SERVING)) {
      return ZooKeeperStatus.failed(master, ZooKeeperMode.NOT_SERVING, NOT_SERVING);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : answer.split("\\R")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    String mode = fields.get("mode");
    if (mode == null) {
      return ZooKeeperStatus.failed(
          master, ZooKeeperMode.UNKNOWN, "unexpected srvr answer: " + firstLine(answer));
    }
    String version = fields.get("zookeeper version");
    if (version != null && version.contains(", built on")) {
      version = version.substring(0, version.indexOf(", built on"));
    }
    long min = -1;
    double avg = -1;
    long max = -1;
    String latency = fields.get("latency min/avg/max");
    if (latency != null) {
      String[] parts = latency.split("/");
      if (parts.length == 3) {
        min = parseLong(parts[0]);
        avg = parseDouble(parts[1]);
        max = parseLong(parts[2]);
      }
    }
    return new ZooKeeperStatus(
        master,
        ZooKeeperMode.parse(mode),
        version,
        min,
        avg,
        max,
        parseLong(fields.get("connections")),
        parseLong(fields.get("outstanding")),
        parseZxid(fields.get("zxid")),
        parseLong(fields.get("node count")),
        null);
  }

  private static String firstLine(String s) {
    String line = s.strip().split("\\R", 2)[0];
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  private static long parseZxid(String s) {
    if (s == null) {
      return -1;
    }
    try {
      return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long parseLong(String s) {
    if (s == null) {
      return -1;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static double parseDouble(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
