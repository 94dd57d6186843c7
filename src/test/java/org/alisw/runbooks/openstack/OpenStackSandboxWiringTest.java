package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.alisw.runbooks.sandbox.SandboxEnvironmentPostProcessor;
import org.alisw.runbooks.security.SecurityProperties;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.openstack.SimulatedGlance;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The sandbox wiring without the engine: application.yaml and application-sandbox.yaml as the
 * application reads them, the simulator on {@code sandbox.port.openstack}, and the production
 * CloudPort bean talking to it.
 */
class OpenStackSandboxWiringTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(OpenStackSandboxWiringTest::sandboxEnvironment)
          .withUserConfiguration(
              PropertiesConfiguration.class,
              OpenStackConfiguration.class,
              packagePrivate("org.alisw.runbooks.sandbox.SandboxConfiguration"),
              packagePrivate("org.alisw.runbooks.sandbox.openstack.OpenStackSandboxConfiguration"));

  @Test
  void productionAdapterReachesTheSimulatorOfTheSandboxProfile() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          OpenStackSimulator simulator = context.getBean(OpenStackSimulator.class);
          CloudPort port = context.getBean(CloudPort.class);

          CloudServer server = port.findServer("release-testing", "alimesos01").orElseThrow();

          assertThat(server.isActive()).isTrue();
          assertThat(simulator.port())
              .isEqualTo(context.getEnvironment().getProperty("sandbox.port.openstack", Integer.class));
          assertThat(simulator.requests("POST", "/identity/v3/auth/tokens")).hasSize(1);
          assertThat(context.getBean(OpenStackProperties.class).defaultProject()).isEqualTo("release-testing");

          // The configured fault hits the first reboot; the engine's retry would get through.
          assertThatThrownBy(() -> port.hardReboot("release-testing", server.id(), "sandbox/reboot/1"))
              .isInstanceOf(CloudUnavailableException.class);
          port.hardReboot("release-testing", server.id(), "sandbox/reboot/1");
          assertThat(port.server("release-testing", server.id()).orElseThrow().status()).isEqualTo("HARD_REBOOT");
        });
  }

  @Test
  void startListenersGetTheQuickLookupBesideTheOneCloudPort() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(CloudPort.class).hasSingleBean(CloudLookup.class);
          assertThat(context.getBean("startCheckCloud")).isInstanceOf(CloudLookup.class);
          OpenStackProperties properties = context.getBean(OpenStackProperties.class);
          assertThat(properties.startCheckTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
          assertThat(properties.callTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));

          assertThat(context.getBean(CloudLookup.class).findServer("release-testing", "alimesos01")).isPresent();
        });
  }

  @Test
  void theSandboxChoosesTheLatestCc7ByPropertiesAndPrintsTheHostKeyItsSshHostsPresent() {
    runner
        .withUserConfiguration(packagePrivate("org.alisw.runbooks.sandbox.host.HostsSandboxConfiguration"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              CloudPort port = context.getBean(CloudPort.class);
              SimulatedHosts hosts = context.getBean(SimulatedHosts.class);

              // application.yaml's image families and default family, against the seeded Glance.
              assertThat(port.latestImage("release-testing", null).orElseThrow().name()).isEqualTo(SimulatedGlance.LATEST_CC7);

              String id = port.findServer("release-testing", "alibuild02").orElseThrow().id();
              // The configured fault above hits the first server action: the console is one.
              assertThatThrownBy(() -> port.consoleOutput("release-testing", id, 0)).isInstanceOf(CloudUnavailableException.class);
              assertThat(port.consoleOutput("release-testing", id, 0))
                  .contains("ec2: 256 " + hosts.hostKeyFingerprint("alibuild02") + " root@alibuild02 (ECDSA)");
            });
  }

  @Configuration(proxyBeanMethods = false)
  // The sandbox's own configuration greets with the accounts of the security properties.
  @EnableConfigurationProperties({OpenStackProperties.class, SecurityProperties.class})
  static class PropertiesConfiguration {}

  private static void sandboxEnvironment(ConfigurableApplicationContext context) {
    // What SpringApplication does: @Value("PT2S") -> Duration needs Boot's conversions.
    context.getBeanFactory().setConversionService(ApplicationConversionService.getSharedInstance());
    ConfigurableEnvironment env = context.getEnvironment();
    env.setActiveProfiles("sandbox");
    YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
    try {
      // Profile-specific first: it wins, as with Spring Boot's config data.
      // The tests' own sandbox settings first: a temporary world, not ./data/sandbox.
      loader.load("sandbox-test", new ClassPathResource("config/application-sandbox.yaml")).forEach(env.getPropertySources()::addLast);
      loader.load("sandbox", new ClassPathResource("application-sandbox.yaml")).forEach(env.getPropertySources()::addLast);
      loader.load("default", new ClassPathResource("application.yaml")).forEach(env.getPropertySources()::addLast);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A fault from configuration, as an operator would set it to rehearse an incident.
    env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
        "runbooks.sandbox.openstack.faults[0].operation", "nova.servers.action",
        "runbooks.sandbox.openstack.faults[0].status", "503",
        "runbooks.sandbox.openstack.faults[0].times", "1")));
    new SandboxEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());
  }

  private static Class<?> packagePrivate(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
