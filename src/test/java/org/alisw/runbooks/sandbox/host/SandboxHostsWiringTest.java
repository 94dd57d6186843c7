package org.alisw.runbooks.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import org.alisw.runbooks.host.ContainerCheck;
import org.alisw.runbooks.host.Docker;
import org.alisw.runbooks.host.HostsProperties;
import org.alisw.runbooks.host.PingResult;
import org.alisw.runbooks.host.Reachability;
import org.alisw.runbooks.host.RemoteCommand;
import org.alisw.runbooks.host.RemoteShell;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The sandbox profile's wiring, without the engine: application.yaml and application-sandbox.yaml
 * point the production beans at the simulated hosts through the generated files only.
 */
class SandboxHostsWiringTest {

  @Test
  void productionBeansReachTheSimulatedHostsThroughTheGeneratedFiles() throws Exception {
    SimulatedHosts simulated;
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(HostsOnly.class)
            .profiles("sandbox")
            .web(WebApplicationType.NONE)
            .run()) {
      simulated = context.getBean(SimulatedHosts.class);
      HostsProperties properties = context.getBean(HostsProperties.class);
      assertThat(properties.ssh().knownHostsFile()).isEqualTo(simulated.knownHostsFile().toString());
      assertThat(properties.docker().requiredContainers().get("agent")).isEmpty();

      String hostname =
          context.getBean(RemoteShell.class).run("alimesos02", RemoteCommand.hostname()).stdout();
      ContainerCheck check = context.getBean(Docker.class).checkContainers("alimesos01", "master");
      PingResult ping = context.getBean(Reachability.class).ping("alibuild09");

      assertThat(hostname).isEqualTo("alimesos02\n");
      assertThat(check.healthy()).isTrue();
      assertThat(ping.method()).isEqualTo("ssh-port");
      assertThat(ping.reachable()).isTrue();
    }
    assertThat(Files.exists(simulated.knownHostsFile())).isFalse();
  }

  /**
   * The host beans and the simulated hosts, over the seeded data centre; nothing else but the
   * database the trusted host keys live in (imported from the simulated hosts' known_hosts).
   */
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(HostsProperties.class)
  @ComponentScan(basePackageClasses = {HostsProperties.class, SimulatedHosts.class})
  static class HostsOnly {
    @Bean
    SimulatedDataCentre simulatedDataCentre() {
      return SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    }

    @Bean
    javax.sql.DataSource dataSource() {
      return new org.springframework.jdbc.datasource.SimpleDriverDataSource(
          new org.h2.Driver(), "jdbc:h2:mem:sandbox-hosts-wiring-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
  }
}
