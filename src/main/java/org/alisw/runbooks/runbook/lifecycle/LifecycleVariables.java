package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

/** Variable names of rebuild-vm, rebuild-agent and delete-vm beyond the shared ones. */
final class LifecycleVariables {

  /** The image a rebuild uses: an id once the plan is frozen (rebuild-agent), or a family alias. */
  static final String IMAGE = "image";
  /** The image the requester asked for (a family alias, a name or an id; null = the default family). */
  static final String REQUESTED_IMAGE = "requestedImage";
  /** The tasks running on the agent when they were last listed, one per line. */
  static final String AGENT_TASKS = "agentTasks";
  /** Those of them that belong to an important framework, one per line. */
  static final String IMPORTANT_TASKS = "importantTasks";
  /** True when the agent runs a task of an important framework: an explicit confirmation is needed. */
  static final String RUNS_IMPORTANT_TASKS = "runsImportantTasks";
  /** delete-vm: the ids of the volumes that were attached, recorded before the server is deleted (JSON array). */
  static final String VOLUMES_TO_DELETE = "volumesToDelete";
  /** delete-vm: the planHash the volumes were recorded for. */
  static final String VOLUMES_RECORDED_FOR = "volumesRecordedForPlan";
  /** delete-vm: one volume of {@link #VOLUMES_TO_DELETE}, in the multi-instance loop. */
  static final String VOLUME_ID = "volumeId";
  /** delete-vm: Cinder's status of that volume at the last look, {@code gone} once deleted. */
  static final String VOLUME_STATUS = "volumeStatus";
  /** delete-vm: the rebuild-agent instance started instead of the delete. */
  static final String REBUILD_AGENT_INSTANCE = "rebuildAgentInstanceId";
  /** rebuild-vm's result: the server is ACTIVE again after the rebuild it asked for. */
  static final String REBUILT = "rebuilt";
  /** How many rebuilds this rebuild-vm instance asked Nova for (the rebuild's round). */
  static final String REBUILDS_REQUESTED = "rebuildsRequested";
  /** What the plan of a rebuild must agree with, right before each step acts. */
  static final String[] REBUILD_PLAN_INPUTS = {HOSTNAME, PROJECT, SERVER_ID, IMAGE};
  /** What the plan of a delete must agree with, right before each step acts. */
  static final String[] DELETE_PLAN_INPUTS = {HOSTNAME, PROJECT, SERVER_ID};

  private LifecycleVariables() {}
}
