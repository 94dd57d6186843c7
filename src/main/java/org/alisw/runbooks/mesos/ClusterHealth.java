package org.alisw.runbooks.mesos;

import java.util.List;
import java.util.Optional;

/**
 * The Mesos masters together: at least {@code quorum} of them must be up, with an elected leader,
 * for jobs to be scheduled.
 */
public record ClusterHealth(List<MasterHealth> masters, Optional<MesosLeader> leader, int quorum) {

  public ClusterHealth {
    masters = List.copyOf(masters);
  }

  public long mastersUp() {
    return masters.stream().filter(MasterHealth::up).count();
  }

  /** A quorum of masters answers and they elected a leader. */
  public boolean hasQuorum() {
    return mastersUp() >= quorum && leader.isPresent();
  }

  public List<String> mastersDown() {
    return masters.stream().filter(m -> !m.up()).map(MasterHealth::master).toList();
  }
}
