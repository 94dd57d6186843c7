package org.alisw.runbooks.sandbox.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ForemanConfiguration;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MesosConfiguration;
import org.alisw.runbooks.sandbox.SandboxEnvironmentPostProcessor;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The sandbox profile with the real application.yaml and application-sandbox.yaml: the production
 * adapters are wired to the simulators' ports, and the simulators follow the shared data centre.
 */
class SandboxClusterWiringTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(
              context -> {
                context.getBeanFactory().setConversionService(ApplicationConversionService.getSharedInstance());
                ConfigurableEnvironment env = context.getEnvironment();
                env.setActiveProfiles("sandbox");
                // The tests' own sandbox settings first: a temporary world, not ./data/sandbox.
                load(env, "config/application-sandbox.yaml");
                load(env, "application-sandbox.yaml");
                load(env, "application.yaml");
                new SandboxEnvironmentPostProcessor().postProcessEnvironment(env, null);
              })
          .withUserConfiguration(
              sandboxClass("org.alisw.runbooks.sandbox.SandboxConfiguration"),
              MesosConfiguration.class,
              ForemanConfiguration.class,
              MesosSandboxConfiguration.class,
              sandboxClass("org.alisw.runbooks.sandbox.foreman.ForemanSandboxConfiguration"));

  @Test
  void theAdaptersTalkToTheSimulators() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          ClusterPort cluster = context.getBean(ClusterPort.class);
          SimulatedMesos mesos = context.getBean(SimulatedMesos.class);
          assertThat(cluster.masters()).containsExactly("alimesos01", "alimesos02", "alimesos03");
          assertThat(cluster.leader().orElseThrow().master()).isEqualTo("alimesos01");
          assertThat(cluster.health().hasQuorum()).isTrue();
          assertThat(cluster.zooKeeper().hasQuorum()).isTrue();
          assertThat(cluster.tasksOn("alibuild03").runsImportantTasks()).isTrue();
          assertThat(mesos.requests()).isNotEmpty();

          ConfigManagementPort foreman = context.getBean(ConfigManagementPort.class);
          assertThat(foreman.host("alibuild01").orElseThrow().name()).isEqualTo("alibuild01.cern.ch");
          assertThat(context.getBean(SimulatedForeman.class).requests())
              .allSatisfy(r -> assertThat(r.headers()).containsKey("authorization"));
        });
  }

  private static void load(ConfigurableEnvironment env, String name) {
    try {
      for (PropertySource<?> source : new YamlPropertySourceLoader().load(name, new ClassPathResource(name))) {
        env.getPropertySources().addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> sandboxClass(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
