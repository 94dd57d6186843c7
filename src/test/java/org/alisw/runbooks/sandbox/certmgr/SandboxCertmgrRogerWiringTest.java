package org.alisw.runbooks.sandbox.certmgr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.certmgr.CertmgrConfiguration;
import org.alisw.runbooks.roger.AppState;
import org.alisw.runbooks.roger.MachineStatePort;
import org.alisw.runbooks.roger.MachineStateUpdate;
import org.alisw.runbooks.roger.RogerConfiguration;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.roger.SimulatedRoger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ComponentScan;

/**
 * The sandbox profile's wiring, without the engine: application.yaml and application-sandbox.yaml
 * point the production Certmgr and Roger adapters at the simulators, with the sandbox credentials.
 */
class SandboxCertmgrRogerWiringTest {

  @Test
  void productionAdaptersReachTheSimulatedCertmgrAndRoger() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(CertmgrAndRogerOnly.class)
            .profiles("sandbox")
            .web(WebApplicationType.NONE)
            .run()) {
      SimulatedDataCentre dc = context.getBean(SimulatedDataCentre.class);
      SimulatedCertmgr certmgr = context.getBean(SimulatedCertmgr.class);

      context.getBean(CertificateStaging.class).stage("alibuild13");
      var state = context.getBean(MachineStatePort.class).update("alibuild13", MachineStateUpdate.newMachine());

      assertThat(dc.certificateStagings().of("alibuild13.cern.ch")).hasSize(1);
      assertThat(certmgr.requests()).allMatch(r -> basic("sandbox-certmgr-password").equals(r.headers().get("authorization")));
      assertThat(state.is(AppState.BUILD)).isTrue();
      assertThat(context.getBean(SimulatedRoger.class).state("alibuild01.cern.ch").orElseThrow().appstate())
          .isEqualTo("production");
    }
  }

  private static String basic(String password) {
    return "Basic " + Base64.getEncoder().encodeToString(("runbooks:" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The Certmgr and Roger adapters and simulators over the seeded data centre; nothing else. */
  @Configuration(proxyBeanMethods = false)
  @ComponentScan(
      basePackageClasses = {
        CertmgrConfiguration.class, RogerConfiguration.class, SimulatedCertmgr.class, SimulatedRoger.class
      })
  static class CertmgrAndRogerOnly {
    @Bean
    SimulatedDataCentre simulatedDataCentre() {
      return SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    }
  }
}
