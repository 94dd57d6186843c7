package org.alisw.runbooks.runbook.master;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.master.MasterVariables.HAND_OVERS_REQUESTED;

import org.alisw.runbooks.host.Docker;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepKey;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Force a leadership transition to one of the other two machines": {@code docker restart
 * mesos-master} on the master to rebuild, over SSH, while it still leads. A retried job whose
 * restart already moved the leadership does not restart again.
 */
@Component("restartLeaderMesosMaster")
class RestartLeaderMesosMasterDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(RestartLeaderMesosMasterDelegate.class);
  static final String STEP = "hand-over";
  static final String CONTAINER = "mesos-master";

  private final Docker docker;
  private final ClusterPort cluster;

  RestartLeaderMesosMasterDelegate(Docker docker, ClusterPort cluster) {
    this.docker = docker;
    this.cluster = cluster;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> restart(execution));
  }

  private void restart(DelegateExecution execution) {
    String hostname = RunbookVariables.required(execution, HOSTNAME);
    String key = StepKey.next(execution, STEP, HAND_OVERS_REQUESTED);
    if (cluster.leader().map(l -> !l.is(hostname)).orElse(false)) {
      LOG.info("runbook={} instance={} host={} {}: {} no longer leads, no restart needed",
          execution.getProcessDefinitionId(), execution.getProcessInstanceId(), hostname, key, hostname);
    } else {
      LOG.info("runbook={} instance={} host={} {}: docker restart {} to hand the Mesos leadership over",
          execution.getProcessDefinitionId(), execution.getProcessInstanceId(), hostname, key, CONTAINER);
      docker.restartContainer(hostname, CONTAINER);
    }
    StepKey.recordMade(execution, HAND_OVERS_REQUESTED);
  }
}
