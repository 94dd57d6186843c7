package org.alisw.runbooks.runbook.master;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.INITIATOR;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.REASON;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.master.MasterVariables.LEADERSHIP_MOVED;
import static org.alisw.runbooks.runbook.master.MasterVariables.MESOS_LEADER;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The plan the second operator approves: which master (name, Nova id, project), why, who asked,
 * the hand-over that happened, and the guide's commands the runbook will do. Stored once per
 * approval round (a new plan voids an earlier approval).
 */
@Component("freezeRebuildMasterPlan")
class FreezeRebuildMasterPlanDelegate implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    String hostname = RunbookVariables.required(execution, HOSTNAME);
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("runbook", "rebuild-master");
    plan.put(HOSTNAME, hostname);
    plan.put(PROJECT, RunbookVariables.required(execution, PROJECT));
    plan.put(SERVER_ID, RunbookVariables.required(execution, SERVER_ID));
    plan.put(REASON, RunbookVariables.stringOr(execution, REASON, ""));
    plan.put("requestedBy", RunbookVariables.stringOr(execution, INITIATOR, ""));
    plan.put("mesosLeaderBeforeRebuild", RunbookVariables.stringOr(execution, MESOS_LEADER, ""));
    plan.put("handOver", handOver(execution, hostname));
    plan.put(
        "commands",
        List.of(
            "check that the masters other than " + hostname + " are healthy (Mesos, ZooKeeper, Marathon)",
            "ai-rebuild-vm --cc7 " + hostname + " (Certmgr re-stage, Nova rebuild with the latest CC7 image, Roger appstate build)",
            "verify the host: ping, ssh, puppet agent until no errors (a new host key is expected)",
            "verify the master: containers, ZooKeeper, Mesos leader, Marathon",
            "check that all masters are healthy again"));
    FrozenPlan.freeze(execution, plan);
  }

  private static String handOver(DelegateExecution execution, String hostname) {
    Object moved = execution.getVariable(LEADERSHIP_MOVED);
    if (Boolean.TRUE.equals(moved)) {
      return "done: " + hostname + " no longer leads Mesos";
    }
    if (Boolean.TRUE.equals(execution.getVariable(MasterVariables.TARGET_LEADS))) {
      return "skipped: " + hostname + " leads Mesos; failover will move the leadership during the rebuild";
    }
    return "not needed: " + hostname + " does not lead Mesos";
  }
}
