package org.alisw.runbooks.mesos;

import java.util.List;
import java.util.Optional;

/**
 * The Mesos cluster as the runbooks see it: the three masters (Mesos master, Marathon and ZooKeeper
 * on each), their leader and quorum, and the agents with the tasks they run.
 *
 * <p>Methods only report state. Forcing a leadership transition is done by restarting the leader's
 * {@code mesos-master} container over SSH (package {@code host}); the process then polls {@link
 * #leadershipMovedAwayFrom(String)} in a timer loop until another master leads.
 */
public interface ClusterPort {

  /** The configured master names, in configuration order. */
  List<String> masters();

  /**
   * The leading Mesos master: asks the masters in configuration order for {@code /master/state},
   * following the redirect that a non-leading master answers. Empty when no master answers or none
   * knows a leader (no quorum).
   */
  Optional<MesosLeader> leader();

  /** The leader as one master sees it (following its redirect); empty if it does not answer. */
  Optional<MesosLeader> leaderAccordingTo(String master);

  /**
   * True once a master other than {@code master} leads. False while {@code master} still leads and
   * while no leader is elected (the election is still going on or the quorum is lost).
   */
  boolean leadershipMovedAwayFrom(String master);

  /** Every master's Mesos health, the leader, and whether a quorum of masters is up. */
  ClusterHealth health();

  /** The agents registered with the leading master. */
  List<MesosAgent> agents();

  /**
   * The tasks running on one agent (host name, short or fully qualified), each with its framework's
   * name and whether that framework is configured as important.
   */
  AgentTasks tasksOn(String agentHostname);

  /** Marathon on every master: {@code /ping} and the leader from {@code /v2/info}. */
  List<MarathonStatus> marathon();

  /** ZooKeeper on every master ({@code srvr}) and whether the ensemble has a quorum. */
  ZooKeeperEnsemble zooKeeper();
}
