package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

/** Variable names of rebuild-vm, rebuild-agent and delete-vm beyond the shared ones. */
final class LifecycleVariables {

  /** The image a rebuild uses: an id once the plan is frozen (rebuild-agent), or a family alias. */
  static final String IMAGE = "image";
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
