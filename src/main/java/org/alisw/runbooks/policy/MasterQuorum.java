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

/**
 * The guide's "make sure that the other two masters are properly functioning" before a master is
 * rebuilt: every other master has Mesos up, ZooKeeper serving as a voting member and Marathon
 * answering, and the cluster has an elected Mesos leader.
 *
 * <p>A check is one look. A leader election (ZooKeeper "not currently serving requests" for about
 * 0.4 s, Mesos re-electing after it) can make one look see a healthy cluster as unhealthy, so
 * rebuild-master looks again after {@link #settleWindow()} with a BPMN timer before it refuses
 * ({@link QuorumUnhealthy}); no thread here ever waits.
 */
public class MasterQuorum {

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

  /** The masters were not healthy at the look: a runbook may look again after the settle window. */
  public static class QuorumUnhealthy extends PolicyViolation {
    public QuorumUnhealthy(String message) {
      super(message);
    }
  }

  private final ClusterPort cluster;
  private final Duration settleWindow;

  /** @param settleWindow how long a runbook lets an unhealthy-looking cluster settle before looking again */
  public MasterQuorum(ClusterPort cluster, Duration settleWindow) {
    if (settleWindow.isNegative()) {
      throw new IllegalArgumentException("runbooks.policy.quorum.settle-window must not be negative");
    }
    this.cluster = cluster;
    this.settleWindow = settleWindow;
  }

  /** How long to let the cluster settle before the second look. */
  public Duration settleWindow() {
    return settleWindow;
  }

  /** The configured masters. */
  public List<String> masters() {
    return cluster.masters();
  }

  /**
   * Returns the look when the masters other than {@code target} are healthy now.
   *
   * @throws PolicyViolation when {@code target} is not a master
   * @throws QuorumUnhealthy naming every problem the look saw
   */
  public Look requireOthersHealthy(String target) {
    requireMaster(target);
    return require(target, "Refusing to rebuild master " + target + ": the other masters must be healthy first"
        + " (guide: at least two masters must be up to schedule jobs), but");
  }

  /**
   * Returns the look when every master (after a rebuild: the rebuilt one included) is healthy now.
   *
   * @throws QuorumUnhealthy naming every problem the look saw
   */
  public Look requireAllHealthy() {
    return require(null, "Not every master is healthy:");
  }

  private Look require(String target, String refusal) {
    Look look = look(target);
    if (!look.healthy()) {
      throw new QuorumUnhealthy(refusal + " " + look.summary());
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
