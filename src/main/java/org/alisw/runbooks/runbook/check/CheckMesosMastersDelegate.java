package org.alisw.runbooks.runbook.check;

import java.util.stream.Collectors;
import org.alisw.runbooks.mesos.ClusterHealth;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MasterHealth;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The Mesos masters answer and have elected a leader. */
@Component("preflightMesosMasters")
class CheckMesosMastersDelegate extends CheckDelegate {

  static final String NAME = "Mesos masters answer";

  private final ClusterPort cluster;

  CheckMesosMastersDelegate(ClusterPort cluster) {
    this.cluster = cluster;
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    ClusterHealth health = cluster.health();
    String masters = health.masters().stream().map(CheckMesosMastersDelegate::describe).collect(Collectors.joining("; "));
    String leader = health.leader().map(l -> "leader " + (l.master() != null ? l.master() : l.hostname())).orElse("no leader");
    if (health.mastersDown().isEmpty() && health.leader().isPresent()) {
      return CheckItem.passed(NAME, leader + "; " + masters);
    }
    return CheckItem.failed(
        NAME,
        leader + "; " + masters,
        "Follow the checklist to verify the status of a master (runbook verify-master) on "
            + (health.mastersDown().isEmpty() ? "each master" : String.join(", ", health.mastersDown())) + ".");
  }

  private static String describe(MasterHealth master) {
    return master.master() + (master.up() ? " up" : " DOWN" + (master.error() == null ? "" : " (" + master.error() + ")"));
  }

  @Override
  CheckItem failed(DelegateExecution execution, RuntimeException e) {
    return CheckItem.failed(NAME, message(e), "Check runbooks.mesos.masters and that the masters answer; run verify-master on each.");
  }
}
