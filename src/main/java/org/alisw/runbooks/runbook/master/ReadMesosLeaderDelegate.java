package org.alisw.runbooks.runbook.master;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.master.MasterVariables.MESOS_LEADER;
import static org.alisw.runbooks.runbook.master.MasterVariables.TARGET_LEADS;

import java.util.Optional;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MesosLeader;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "If the master is the currently leading master": one look at the Mesos leader. */
@Component("readMesosLeader")
class ReadMesosLeaderDelegate implements JavaDelegate {

  private final ClusterPort cluster;

  ReadMesosLeaderDelegate(ClusterPort cluster) {
    this.cluster = cluster;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String hostname = RunbookVariables.required(execution, HOSTNAME);
    Optional<MesosLeader> leader = cluster.leader();
    execution.setVariable(MESOS_LEADER, leader.map(MesosLeader::master).orElse(null));
    execution.setVariable(TARGET_LEADS, leader.map(l -> l.is(hostname)).orElse(false));
  }
}
