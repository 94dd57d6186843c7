package org.alisw.runbooks.runbook.master;

/** Variables of the master runbooks beyond the shared ones ({@code runbook.Variables}). */
final class MasterVariables {

  /** The Mesos leader at the last look (a master name), absent when none is elected. */
  static final String MESOS_LEADER = "mesosLeader";
  /** The master to rebuild led Mesos when the runbook looked. */
  static final String TARGET_LEADS = "targetLeads";
  /** After the hand-over's restart: another master leads now. */
  static final String LEADERSHIP_MOVED = "leadershipMoved";
  /** How many times this runbook restarted mesos-master on the target (the step key's counter). */
  static final String HAND_OVERS_REQUESTED = "handOversRequested";
  /** The operator's choice in the discussion form: {@code hand-over} or {@code skip}. */
  static final String LEADER_HAND_OVER = "leaderHandOver";
  /** One line on the masters' health at the last quorum check. */
  static final String QUORUM_REPORT = "quorumReport";
  /** The final check: every master healthy again. */
  static final String QUORUM_HEALTHY = "quorumHealthy";
  /**
   * True while a quorum check waits for its second look: the first look saw problems, the BPMN timer
   * lets the cluster settle ({@code ${rebuildMaster.quorumSettleWindow}}), then the check looks
   * again and only that look refuses.
   */
  static final String QUORUM_LOOKED_AGAIN = "quorumLookedAgain";
  /** The BPMN error of a first quorum look that saw problems: wait the settle window, look again. */
  static final String QUORUM_SETTLING = "QUORUM_SETTLING";

  private MasterVariables() {}
}
