package org.alisw.runbooks.sandbox.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.Docker;
import org.alisw.runbooks.host.HostsProperties;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MesosConfiguration;
import org.alisw.runbooks.mesos.MesosLeader;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.host.ReceivedCommand;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The leader-restart step of the runbooks end to end without the engine: the production {@link
 * Docker} restarts {@code mesos-master} on the leader over SSH against the simulated hosts, and the
 * production {@link ClusterPort} sees over HTTP, from the simulated masters, that the leadership
 * moved. The two adapters share nothing but the sandbox's data centre behind the wire.
 */
class SandboxLeaderRestartWiringTest {

  @Test
  void restartingMesosMasterOnTheLeaderOverSshMovesTheLeadership() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(
                HostsAndCluster.class, sandboxClass("org.alisw.runbooks.sandbox.host.HostsSandboxConfiguration"))
            .profiles("sandbox")
            .web(WebApplicationType.NONE)
            .run()) {
      ClusterPort cluster = context.getBean(ClusterPort.class);
      Docker docker = context.getBean(Docker.class);
      String leader = cluster.leader().orElseThrow().master();
      assertThat(leader).isEqualTo("alimesos01");
      assertThat(cluster.leadershipMovedAwayFrom(leader)).isFalse();

      CommandResult restart = docker.restartContainer(leader, "mesos-master");

      assertThat(restart.succeeded()).isTrue();
      assertThat(context.getBean(SimulatedHosts.class).receivedCommands(leader))
          .extracting(ReceivedCommand::command)
          .containsExactly("docker restart 'mesos-master'");
      // Mesos elects the next leader through ZooKeeper, which takes a moment: not at once.
      assertThat(cluster.leadershipMovedAwayFrom(leader)).isFalse();
      assertThat(cluster.leader()).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leadershipMovedAwayFrom(leader));
      MesosLeader now = cluster.leader().orElseThrow();
      assertThat(now.master()).isEqualTo("alimesos02");
      // The old leader answered too, but only to send the question on to the new one.
      assertThat(now.askedMaster()).isEqualTo(leader);
      assertThat(now.redirected()).isTrue();
      assertThat(context.getBean(SimulatedMesos.class).requests())
          .extracting(r -> r.master() + " " + r.path())
          .endsWith("alimesos01 /master/state", "alimesos02 /master/state");
    }
  }

  /**
   * The host beans, the cluster beans and their simulators over one seeded data centre, and the
   * database the trusted host keys live in.
   */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(HostsProperties.class)
  @ComponentScan(basePackageClasses = HostsProperties.class)
  @Import({MesosConfiguration.class, MesosSandboxConfiguration.class})
  static class HostsAndCluster {
    @Bean
    SimulatedDataCentre simulatedDataCentre() {
      return SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    }

    @Bean
    javax.sql.DataSource dataSource() {
      return new org.springframework.jdbc.datasource.SimpleDriverDataSource(
          new org.h2.Driver(), "jdbc:h2:mem:leader-restart-wiring-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
  }

  /** Package-private in its own package; no component scan, so other tests' configurations stay out. */
  private static Class<?> sandboxClass(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
