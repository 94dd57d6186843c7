package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.ZooKeeperEnsemble;
import org.alisw.runbooks.mesos.ZooKeeperMode;
import org.alisw.runbooks.mesos.ZooKeeperStatus;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** ZooKeeper on the master serves as leader or follower of an ensemble with a quorum ({@code srvr}). */
@Component("verifyMasterZooKeeper")
class CheckZooKeeperDelegate extends MasterCheckDelegate {

  private final ClusterPort cluster;

  CheckZooKeeperDelegate(ClusterPort cluster, VerifyMasterRequest request) {
    super(request);
    this.cluster = cluster;
  }

  @Override
  String name() {
    return "ZooKeeper serving";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String hostname = request.master(execution);
    ZooKeeperEnsemble ensemble = cluster.zooKeeper();
    ZooKeeperStatus status = ensemble.servers().stream().filter(s -> hostname.equals(s.master())).findFirst().orElse(null);
    if (status == null) {
      return CheckItem.failed(name(), "no ZooKeeper status for " + hostname, "Check runbooks.mesos.masters.");
    }
    String seen = "mode " + status.mode().name().toLowerCase() + (status.error() == null ? "" : " (" + status.error() + ")")
        + "; ensemble " + (ensemble.hasQuorum() ? "has a quorum, leader " + ensemble.leader().orElse("?") : "has NO quorum");
    boolean serving = status.mode().isVotingMember() || status.mode() == ZooKeeperMode.STANDALONE && ensemble.servers().size() == 1;
    if (serving && ensemble.hasQuorum()) {
      return CheckItem.passed(name(), seen);
    }
    return CheckItem.failed(
        name(),
        seen,
        "Look at the zookeeper container on " + hostname + " (docker logs zookeeper); restart it if it is stuck."
            + " An election takes a moment: check again before acting.");
  }

  @Override
  String whatToDo(String hostname, RuntimeException e) {
    return "ZooKeeper could not be asked: check runbooks.mesos.masters (zookeeper addresses).";
  }
}
