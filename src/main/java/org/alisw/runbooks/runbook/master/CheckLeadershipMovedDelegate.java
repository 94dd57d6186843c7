package org.alisw.runbooks.runbook.master;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.master.MasterVariables.LEADERSHIP_MOVED;
import static org.alisw.runbooks.runbook.master.MasterVariables.MESOS_LEADER;

import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MesosLeader;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look during the hand-over (the timer loop's step, and the look again when its deadline
 * passed): does another master lead now? False while the target leads or no leader is elected yet.
 */
@Component("checkLeadershipMoved")
class CheckLeadershipMovedDelegate implements JavaDelegate {

  private final ClusterPort cluster;

  CheckLeadershipMovedDelegate(ClusterPort cluster) {
    this.cluster = cluster;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String hostname = RunbookVariables.required(execution, HOSTNAME);
    boolean moved = cluster.leadershipMovedAwayFrom(hostname);
    execution.setVariable(LEADERSHIP_MOVED, moved);
    execution.setVariable(MESOS_LEADER, cluster.leader().map(MesosLeader::master).orElse(null));
  }
}
