package org.alisw.runbooks.ops.health;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.alisw.runbooks.host.KnownHosts;
import org.springframework.boot.actuate.health.Health;

/**
 * Component {@code sshKnownHosts}: the trusted host keys can be read, through the host port (a
 * file today, a shared store tomorrow). Without them no SSH step can verify a host.
 */
final class KnownHostsHealth extends BoundedCheck {

  private final KnownHosts knownHosts;

  KnownHostsHealth(Executor executor, HealthProperties properties, Clock clock, KnownHosts knownHosts) {
    super(executor, properties, clock);
    this.knownHosts = knownHosts;
  }

  @Override
  protected void check(Health.Builder builder) {
    builder.withDetail("trustedKeys", knownHosts.trustedKeyCount());
  }
}
