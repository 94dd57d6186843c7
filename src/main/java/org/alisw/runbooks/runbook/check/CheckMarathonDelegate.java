package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MarathonStatus;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Marathon on the host answers {@code /ping} and knows its leader. */
@Component("verifyMasterMarathon")
class CheckMarathonDelegate extends MasterCheckDelegate {

  private final ClusterPort cluster;

  CheckMarathonDelegate(ClusterPort cluster, VerifyMasterRequest request) {
    super(request);
    this.cluster = cluster;
  }

  @Override
  String name() {
    return "Marathon healthy";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String hostname = request.master(execution);
    MarathonStatus status = cluster.marathon().stream().filter(m -> hostname.equals(m.master())).findFirst().orElse(null);
    if (status == null) {
      return CheckItem.failed(name(), "no Marathon status for " + hostname, "Check runbooks.mesos.masters.");
    }
    if (!status.pong()) {
      return CheckItem.failed(
          name(),
          "Marathon on " + hostname + " does not answer /ping" + (status.error() == null ? "" : ": " + status.error()),
          "Look at the marathon container on " + hostname + " (docker logs marathon) and restart it.");
    }
    if (status.leader() == null) {
      return CheckItem.failed(name(), "answers, but knows no Marathon leader", "Check ZooKeeper (Marathon elects its leader through it).");
    }
    return CheckItem.passed(name(), "answers /ping; " + (status.elected() ? "it is the Marathon leader" : "leader " + status.leader()));
  }

  @Override
  String whatToDo(String hostname, RuntimeException e) {
    return "Marathon could not be asked: check runbooks.mesos.masters.";
  }
}
