package org.alisw.runbooks.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.mesos.ClusterHealth;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MarathonStatus;
import org.alisw.runbooks.mesos.MasterHealth;
import org.alisw.runbooks.mesos.MesosLeader;
import org.alisw.runbooks.mesos.ZooKeeperEnsemble;
import org.alisw.runbooks.mesos.ZooKeeperStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's "make sure that the other two masters are properly functioning" before a master is
 * rebuilt: every other master has Mesos up, ZooKeeper serving as a voting member and Marathon
 * answering, and the cluster has an elected Mesos leader.
 *
 * <p>A check settles: while the cluster looks unhealthy it asks again, {@code settleInterval}
 * apart, until it is healthy or {@code settleWindow} has passed, and only then refuses, naming
 * every problem. A leader election (ZooKeeper "not currently serving requests" for about 0.4 s,
 * Mesos re-electing after it) therefore does not refuse a healthy cluster.
 */
public class MasterQuorum {

  private static final Logger LOG = LoggerFactory.getLogger(MasterQuorum.class);

  /** Pauses between two looks; a test passes one that does not sleep. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  /** What one look saw: the problems (empty when healthy) and the Mesos leader, if any. */
  public record Look(String target, List<String> problems, String leader) {
    public Look {
      problems = List.copyOf(problems);
    }

    public boolean healthy() {
      return problems.isEmpty();
    }

    /** One line an operator reads: healthy, or every problem. */
    public String summary() {
      return healthy()
          ? scope().substring(0, 1).toUpperCase() + scope().substring(1) + " are healthy (Mesos leader " + leader + ")."
          : String.join("; ", problems) + ".";
    }

    /** Which masters the look was about. */
    public String scope() {
      return target == null ? "all masters" : "the masters other than " + target;
    }
  }

  private final ClusterPort cluster;
  private final Duration settleWindow;
  private final Duration settleInterval;
  private final Pause pause;

  public MasterQuorum(ClusterPort cluster, Duration settleWindow, Duration settleInterval) {
    this(cluster, settleWindow, settleInterval, d -> Thread.sleep(d.toMillis()));
  }

  public MasterQuorum(ClusterPort cluster, Duration settleWindow, Duration settleInterval, Pause pause) {
    if (settleInterval.isNegative() || settleInterval.isZero()) {
      throw new IllegalArgumentException("runbooks.policy.quorum.settle-interval must be positive");
    }
    this.cluster = cluster;
    this.settleWindow = settleWindow;
    this.settleInterval = settleInterval;
    this.pause = pause;
  }

  /** The configured masters. */
  public List<String> masters() {
    return cluster.masters();
  }

  /**
   * Returns the healthy look once the masters other than {@code target} are healthy; otherwise,
   * after the settle window, refuses with every problem the last look saw.
   *
   * @throws PolicyViolation when {@code target} is not a master or the others stay unhealthy
   */
  public Look requireOthersHealthy(String target) {
    requireMaster(target);
    return settle(target, "Refusing to rebuild master " + target + ": the other masters must be healthy first"
        + " (guide: at least two masters must be up to schedule jobs), but");
  }

  /**
   * Returns the healthy look once every master (after a rebuild: the rebuilt one included) is
   * healthy; otherwise, after the settle window, refuses with every problem the last look saw.
   */
  public Look requireAllHealthy() {
    return settle(null, "Not every master is healthy:");
  }

  private Look settle(String target, String refusal) {
    int looks = (int) Math.max(0, settleWindow.toNanos() / settleInterval.toNanos());
    Look look = look(target);
    for (int i = 0; i < looks && !look.healthy(); i++) {
      LOG.info("Master quorum ({}) not there yet, asking again: {}", look.scope(), look.summary());
      try {
        pause.pause(settleInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      look = look(target);
    }
    if (!look.healthy()) {
      throw new PolicyViolation(refusal + " after " + settleWindow.toMillis() + " ms " + look.summary());
    }
    return look;
  }

  /** Refuses a name that is not a configured master. */
  public void requireMaster(String target) {
    if (!cluster.masters().contains(target)) {
      throw new PolicyViolation(
          "'" + target + "' is not one of the Mesos masters " + cluster.masters() + ".");
    }
  }

  /** One look at the cluster, without settling: the masters other than {@code target} (null: all). */
  public Look look(String target) {
    List<String> problems = new ArrayList<>();
    ClusterHealth mesos = cluster.health();
    ZooKeeperEnsemble zooKeeper = cluster.zooKeeper();
    List<MarathonStatus> marathon = cluster.marathon();
    for (String other : cluster.masters()) {
      if (other.equals(target)) { // null target: every master
        continue;
      }
      Optional<MasterHealth> m = mesos.masters().stream().filter(h -> h.master().equals(other)).findFirst();
      if (m.isEmpty() || !m.get().up()) {
        problems.add("Mesos master on " + other + " is down" + m.map(h -> detail(h.error())).orElse(""));
      }
      Optional<ZooKeeperStatus> z =
          zooKeeper.servers().stream().filter(s -> s.master().equals(other)).findFirst();
      if (z.isEmpty() || !z.get().mode().isVotingMember()) {
        problems.add(
            "ZooKeeper on " + other + " is not serving"
                + z.map(s -> " (" + s.mode() + detail(s.error()) + ")").orElse(""));
      }
      Optional<MarathonStatus> mt = marathon.stream().filter(s -> s.master().equals(other)).findFirst();
      if (mt.isEmpty() || !mt.get().pong()) {
        problems.add("Marathon on " + other + " is not answering" + mt.map(s -> detail(s.error())).orElse(""));
      }
    }
    Optional<String> leader = mesos.leader().map(MasterQuorum::leaderName);
    if (leader.isEmpty()) {
      problems.add("no Mesos leader is elected");
    }
    return new Look(target, problems, leader.orElse(null));
  }

  private static String leaderName(MesosLeader leader) {
    return leader.master() != null ? leader.master() : leader.hostname() + ":" + leader.port();
  }

  private static String detail(String error) {
    return error == null ? "" : ": " + error;
  }
}
