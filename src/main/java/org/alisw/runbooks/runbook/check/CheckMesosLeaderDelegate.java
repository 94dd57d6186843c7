package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.mesos.ClusterHealth;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MasterHealth;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The Mesos master on the host is up and knows the elected leader. */
@Component("verifyMasterMesos")
class CheckMesosLeaderDelegate extends MasterCheckDelegate {

  private final ClusterPort cluster;

  CheckMesosLeaderDelegate(ClusterPort cluster, VerifyMasterRequest request) {
    super(request);
    this.cluster = cluster;
  }

  @Override
  String name() {
    return "Mesos master up, leader known";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String hostname = request.master(execution);
    ClusterHealth health = cluster.health();
    MasterHealth master = health.masters().stream().filter(m -> hostname.equals(m.master())).findFirst().orElse(null);
    if (master == null) {
      return CheckItem.failed(name(), "no Mesos status for " + hostname, "Check runbooks.mesos.masters.");
    }
    if (!master.up()) {
      return CheckItem.failed(
          name(),
          "the Mesos master on " + hostname + " does not answer /health" + (master.error() == null ? "" : ": " + master.error()),
          "Look at the mesos-master container on " + hostname + " (docker logs mesos-master) and restart it.");
    }
    if (master.leaderSeen() == null || health.leader().isEmpty()) {
      return CheckItem.failed(
          name(),
          "up, but it knows no elected leader" + (master.error() == null ? "" : ": " + master.error()),
          "Check that at least " + health.quorum() + " masters are up (Mesos needs a quorum to elect a leader).");
    }
    boolean leads = health.leader().get().is(hostname);
    return CheckItem.passed(name(), "up; " + (leads ? "it is the leader" : "leader " + master.leaderSeen()));
  }

  @Override
  String whatToDo(String hostname, RuntimeException e) {
    return "Mesos could not be asked: check runbooks.mesos.masters.";
  }
}
