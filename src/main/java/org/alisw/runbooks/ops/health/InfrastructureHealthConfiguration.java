package org.alisw.runbooks.ops.health;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of what the runbooks drive, each behind {@link BoundedCheck}: component {@code openstack}
 * (a token obtainable per configured project), {@code foreman}, {@code mesos} (quorum and leader),
 * {@code sshKnownHosts} (the trusted host keys readable). They form the health group {@code
 * infrastructure}, not readiness: a node stays in the load balancer while OpenStack is down, so
 * operators still see their tasks (application.yaml, management.endpoint.health.group).
 */
@Configuration(proxyBeanMethods = false)
class InfrastructureHealthConfiguration {

  /** At most one look per indicator runs at a time, so four threads never wait on each other. */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService opsHealthExecutor() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "ops-health-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Bean
  OpenStackHealth openstackHealthIndicator(
      @Qualifier("opsHealthExecutor") ExecutorService executor,
      HealthProperties properties,
      @Qualifier("startCheckCloud") CloudLookup cloud,
      OpenStackProperties openstack) {
    return new OpenStackHealth(executor, properties, Clock.systemUTC(), cloud, openstack.projects().keySet());
  }

  @Bean
  ForemanHealth foremanHealthIndicator(
      @Qualifier("opsHealthExecutor") ExecutorService executor, HealthProperties properties, ConfigManagementPort foreman) {
    return new ForemanHealth(executor, properties, Clock.systemUTC(), foreman);
  }

  @Bean
  MesosHealth mesosHealthIndicator(
      @Qualifier("opsHealthExecutor") ExecutorService executor, HealthProperties properties, ClusterPort cluster) {
    return new MesosHealth(executor, properties, Clock.systemUTC(), cluster);
  }

  @Bean
  KnownHostsHealth sshKnownHostsHealthIndicator(
      @Qualifier("opsHealthExecutor") ExecutorService executor, HealthProperties properties, KnownHosts knownHosts) {
    return new KnownHostsHealth(executor, properties, Clock.systemUTC(), knownHosts);
  }
}
