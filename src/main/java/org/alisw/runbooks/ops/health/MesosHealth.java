package org.alisw.runbooks.ops.health;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.alisw.runbooks.mesos.ClusterHealth;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MasterHealth;
import org.alisw.runbooks.mesos.MesosLeader;
import org.springframework.boot.actuate.health.Health;

/**
 * Component {@code mesos}: a quorum of masters up and a leader elected (ClusterHealth), what the
 * guide asks before any master is touched. One look: an election in progress reads as DOWN for
 * the second it lasts (pitfalls.md), and the next look sees the new leader.
 */
final class MesosHealth extends BoundedCheck {

  private final ClusterPort cluster;

  MesosHealth(Executor executor, HealthProperties properties, Clock clock, ClusterPort cluster) {
    super(executor, properties, clock);
    this.cluster = cluster;
  }

  @Override
  protected void check(Health.Builder builder) {
    ClusterHealth health = cluster.health();
    builder
        .withDetail("mastersUp", health.mastersUp())
        .withDetail("quorum", health.quorum())
        .withDetail("leader", health.leader().map(MesosLeader::master).orElse("none"));
    for (MasterHealth m : health.masters()) {
      if (m.error() != null) {
        builder.withDetail(m.master(), m.error());
      }
    }
    if (!health.hasQuorum()) {
      builder.down();
    }
  }
}
