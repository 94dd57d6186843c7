package org.alisw.runbooks.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The simulated data centre shared by all simulators of the sandbox profile. */
@Configuration(proxyBeanMethods = false)
@Profile(SandboxEnvironmentPostProcessor.PROFILE)
@SimulatorsMode
class SandboxConfiguration {

  @Bean
  SimulationTimings simulationTimings(
      @Value("${runbooks.sandbox.timings.boot:PT2S}") Duration boot,
      @Value("${runbooks.sandbox.timings.rebuild:PT3S}") Duration rebuild,
      @Value("${runbooks.sandbox.timings.hard-reboot:PT2S}") Duration hardReboot) {
    return new SimulationTimings(boot, rebuild, hardReboot);
  }

  /**
   * The world on disk ({@code runbooks.sandbox.data-directory}); read now, written as it changes.
   * {@value SandboxWorld#NOT_KEPT} keeps it in memory only (the throughput benchmark).
   */
  @Bean(destroyMethod = "close")
  SandboxWorld sandboxWorld(
      @Value("${" + SandboxWorld.DIRECTORY_PROPERTY + ":" + SandboxWorld.DEFAULT_DIRECTORY + "}") String directory) {
    return SandboxWorld.NOT_KEPT.equals(directory) ? SandboxWorld.notKept() : SandboxWorld.open(Path.of(directory));
  }

  /** The data centre the world kept, or the seeded one on a first start. */
  @Bean
  SimulatedDataCentre simulatedDataCentre(
      SimulationTimings timings,
      SandboxWorld world,
      @Value("${runbooks.sandbox.project:release-testing}") String project) {
    return SimulatedDataCentre.kept(world, Clock.systemUTC(), timings, project);
  }
}
