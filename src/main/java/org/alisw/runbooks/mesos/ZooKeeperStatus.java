package org.alisw.runbooks.mesos;

/**
 * One ZooKeeper server's answer to {@code srvr}.
 *
 * @param version the version before ", built on", null when unknown
 * @param latencyAvg average latency in ms (a float since ZooKeeper 3.5)
 * @param zxid the last zxid, -1 when unknown
 * @param nodeCount znode count, -1 when unknown
 * @param error why the mode is not known (no answer, unexpected answer), otherwise null
 */
public record ZooKeeperStatus(
    String master,
    ZooKeeperMode mode,
    String version,
    long latencyMin,
    double latencyAvg,
    long latencyMax,
    long connections,
    long outstanding,
    long zxid,
    long nodeCount,
    String error) {

  static ZooKeeperStatus failed(String master, ZooKeeperMode mode, String error) {
    return new ZooKeeperStatus(master, mode, null, -1, -1, -1, -1, -1, -1, -1, error);
  }
}
