package org.alisw.runbooks.sandbox.mesos;

import java.time.Duration;

/**
 * How long the simulated masters take to elect a new leader. A real ZooKeeper 3.8 ensemble of
 * three answers "This ZooKeeper instance is not currently serving requests" for about 0.4 s after
 * its leader stops; Mesos elects its new leader through ZooKeeper, so only after ZooKeeper serves
 * again, and then needs its own moment (the contenders notice the leader's znode is gone, the
 * winner recovers the registry).
 *
 * @param zooKeeper how long the ensemble does not serve after its leader went away
 * @param mesos how long Mesos has no leader after its leader went away, counted from the moment
 *     ZooKeeper serves
 */
public record ElectionTimings(Duration zooKeeper, Duration mesos) {

  /** Leaders change at once, as the simulator did before elections were modelled. */
  public static final ElectionTimings INSTANT = new ElectionTimings(Duration.ZERO, Duration.ZERO);

  /** What the sandbox uses unless configured otherwise. */
  public static ElectionTimings realistic() {
    return new ElectionTimings(Duration.ofMillis(400), Duration.ofSeconds(1));
  }
}
