package org.alisw.runbooks.sandbox.roger;

import org.alisw.runbooks.roger.RogerProperties;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.http.NegotiateAcceptor;
import org.alisw.runbooks.sandbox.SimulatorsMode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The simulated Roger of the sandbox profile, listening where application-sandbox.yaml points the
 * production adapter ({@code runbooks.roger.url}) and expecting the credentials configured there.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
@SimulatorsMode
class RogerSandboxConfiguration {

  @Bean(destroyMethod = "close")
  SimulatedRoger simulatedRoger(
      SimulatedDataCentre dc, ObjectProvider<Faults> faults, RogerProperties properties, ObjectProvider<SandboxWorld> world,
      ObjectProvider<NegotiateAcceptor> kerberos) {
    String secret = properties.getToken() != null && !properties.getToken().isBlank()
        ? properties.getToken()
        : properties.getPassword();
    SimulatedRoger roger = new SimulatedRoger(
            dc, faults.getIfUnique(Faults::new), properties.getDomain(), properties.getUrl().getPort(),
            properties.getUsername(), secret);
    // Profile sandbox-kerberos: only Negotiate tokens get in (SandboxKerberosConfiguration).
    kerberos.ifAvailable(roger::withKerberos);
    roger.start();
    // The world the sandbox keeps on disk (SandboxConfiguration); absent in slice tests.
    world.ifAvailable(w -> w.attach(SimulatedRoger.WORLD_PART, roger.worldPart()));
    return roger;
  }
}
