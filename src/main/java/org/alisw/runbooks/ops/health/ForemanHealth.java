package org.alisw.runbooks.ops.health;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.springframework.boot.actuate.health.Health;

/**
 * Component {@code foreman}: Foreman answers an authenticated look-up of a hostgroup. A missing
 * hostgroup is reported, not DOWN: Foreman works, the preflight runbook says what to fix.
 */
final class ForemanHealth extends BoundedCheck {

  private final ConfigManagementPort foreman;
  private final String hostgroup;

  ForemanHealth(Executor executor, HealthProperties properties, Clock clock, ConfigManagementPort foreman) {
    super(executor, properties, clock);
    this.foreman = foreman;
    this.hostgroup = properties.foremanHostgroup();
  }

  @Override
  protected void check(Health.Builder builder) {
    builder.withDetail("hostgroup " + hostgroup, foreman.hostgroupExists(hostgroup) ? "present" : "missing");
  }
}
