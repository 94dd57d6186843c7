package org.alisw.runbooks.ops.health;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.mesos.ClusterHealth;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MasterHealth;
import org.alisw.runbooks.openstack.CloudLogin;
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
  BoundedCheck openstackHealthIndicator(
      @Qualifier("opsHealthExecutor") ExecutorService executor,
      HealthProperties properties,
      @Qualifier("startCheckCloud") CloudLookup cloud,
      OpenStackProperties openstack) {
    return new BoundedCheck(executor, properties, Clock.systemUTC()) {
      @Override
      protected void check(org.springframework.boot.actuate.health.Health.Builder builder) {
        each(builder, openstack.projects().keySet(), project -> {
          CloudLogin login = cloud.authenticate(project);
          builder.withDetail(project, "token obtained (project " + login.projectName() + ")");
        });
      }
    };
  }

  @Bean
  BoundedCheck foremanHealthIndicator(
      @Qualifier("opsHealthExecutor") ExecutorService executor,
      HealthProperties properties,
      ConfigManagementPort foreman) {
    return new BoundedCheck(executor, properties, Clock.systemUTC()) {
      @Override
      protected void check(org.springframework.boot.actuate.health.Health.Builder builder) {
        String hostgroup = properties.foremanHostgroup();
        builder.withDetail("hostgroup " + hostgroup, foreman.hostgroupExists(hostgroup) ? "present" : "missing");
      }
    };
  }

  @Bean
  BoundedCheck mesosHealthIndicator(
      @Qualifier("opsHealthExecutor") ExecutorService executor,
      HealthProperties properties,
      ClusterPort cluster) {
    return new BoundedCheck(executor, properties, Clock.systemUTC()) {
      @Override
      protected void check(org.springframework.boot.actuate.health.Health.Builder builder) {
        ClusterHealth health = cluster.health();
        builder
            .withDetail("mastersUp", health.mastersUp())
            .withDetail("quorum", health.quorum())
            .withDetail("leader", health.leader().map(l -> l.master()).orElse("none"));
        for (MasterHealth m : health.masters()) {
          if (m.error() != null) {
            builder.withDetail(m.master(), m.error());
          }
        }
        if (!health.hasQuorum()) {
          builder.down();
        }
      }
    };
  }

  @Bean
  BoundedCheck sshKnownHostsHealthIndicator(
      @Qualifier("opsHealthExecutor") ExecutorService executor,
      HealthProperties properties,
      KnownHosts knownHosts) {
    return new BoundedCheck(executor, properties, Clock.systemUTC()) {
      @Override
      protected void check(org.springframework.boot.actuate.health.Health.Builder builder) {
        builder.withDetail("trustedKeys", knownHosts.trustedKeyCount());
      }
    };
  }
}
