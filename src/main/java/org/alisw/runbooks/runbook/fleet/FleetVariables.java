package org.alisw.runbooks.runbook.fleet;

/** Variable names of rebuild-agents and rebuild-agents-host. */
final class FleetVariables {

  /** Start form: the host names, one per line or comma separated. */
  static final String HOSTS = "hosts";
  /** Start form: k, the most hosts rebuilt at once (then the number the runbook uses). */
  static final String PARALLELISM = "parallelism";
  /** The checked list, comma separated, in the order given: what the plan freezes. */
  static final String FLEET_HOSTS = "fleetHosts";
  /** How many hosts the list holds. */
  static final String HOST_COUNT = "fleetHostCount";
  /** Cardinality of the slots: min(k, hosts). */
  static final String SLOTS = "fleetSlots";
  /** Index in the frozen list of the next host a slot takes: the shared queue (the database is the semaphore). */
  static final String NEXT_INDEX = "fleetNextIndex";
  /** The image of every rebuild (an id), resolved when the plan is frozen. */
  static final String IMAGE = "image";

  /** Slot-local: the host the slot works on (null once the list is done). */
  static final String HOST = "fleetHost";
  /** Slot-local: when the slot took it (epoch milliseconds). */
  static final String HOST_STARTED = "fleetHostStarted";
  /** Slot-local: the host's server id, plan and plan hash, handed to rebuild-agents-host. */
  static final String HOST_SERVER_ID = "hostServerId";
  static final String HOST_PLAN = "hostPlan";
  static final String HOST_PLAN_HASH = "hostPlanHash";
  /** Slot-local, out of rebuild-agents-host: see {@link HostResult}. */
  static final String HOST_RESULT = "hostResult";
  /** Slot-local, out of rebuild-agents-host: why the host failed, for the report. */
  static final String HOST_DETAIL = "hostDetail";
  /** Out of verify-host: puppet runs it made. */
  static final String PUPPET_ATTEMPTS = "puppetAttemptsUsed";
  /** The multi-instance loop counter of a slot (Camunda's). */
  static final String SLOT_INDEX = "loopCounter";

  /** Root: one per host, its outcome row as JSON ({@code fleetOutcome_<host>}). */
  static final String OUTCOME_PREFIX = "fleetOutcome_";
  /** Root, at the end: the whole table as JSON, then as text for the form (paged past 4000 characters). */
  static final String OUTCOMES = "fleetOutcomes";
  static final String OUTCOME_TABLE = "fleetOutcomeTable";
  static final String SUMMARY = "fleetSummary";

  /** rebuild-agents-host's callees: escalations become the error {@value FleetEscalation#ERROR_CODE}. */
  static final String UNATTENDED = "fleetUnattended";

  /** What the fleet plan must agree with whenever a slot takes a host. */
  static final String[] PLAN_INPUTS = {FLEET_HOSTS, org.alisw.runbooks.runbook.Variables.PROJECT, IMAGE, PARALLELISM};

  private FleetVariables() {}
}
