package org.alisw.runbooks.mesos;

/** The {@code Mode:} line of ZooKeeper's {@code srvr}, plus the states where it has none. */
public enum ZooKeeperMode {
  LEADER,
  FOLLOWER,
  OBSERVER,
  STANDALONE,
  READ_ONLY,
  /** "This ZooKeeper instance is not currently serving requests": no quorum. */
  NOT_SERVING,
  /** No answer: connection refused, closed or timed out. */
  UNREACHABLE,
  /** Answered something this adapter does not understand (for example srvr not whitelisted). */
  UNKNOWN;

  static ZooKeeperMode parse(String mode) {
    return switch (mode.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "leader" -> LEADER;
      case "follower" -> FOLLOWER;
      case "observer" -> OBSERVER;
      case "standalone" -> STANDALONE;
      case "read-only", "read_only", "readonly" -> READ_ONLY;
      default -> UNKNOWN;
    };
  }

  /** Serves requests as a voting member of a replicated ensemble. */
  public boolean isVotingMember() {
    return this == LEADER || this == FOLLOWER;
  }
}
