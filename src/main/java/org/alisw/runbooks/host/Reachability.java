package org.alisw.runbooks.host;

/** "Ping it": does the host answer on the network at all, and how fast. */
public interface Reachability {

  /** Never throws for an unreachable host: that is a result ({@code reachable == false}). */
  PingResult ping(String host);
}
