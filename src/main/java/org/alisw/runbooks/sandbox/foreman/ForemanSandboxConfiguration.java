package org.alisw.runbooks.sandbox.foreman;

import java.io.IOException;
import org.alisw.runbooks.foreman.ForemanProperties;
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
 * The simulated Foreman of the sandbox profile, listening where application-sandbox.yaml points
 * the production adapter ({@code runbooks.foreman.url}) and expecting the credentials configured
 * there.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
@SimulatorsMode
class ForemanSandboxConfiguration {

  @Bean(destroyMethod = "close")
  SimulatedForeman simulatedForeman(
      SimulatedDataCentre dc, ObjectProvider<Faults> faults, ForemanProperties properties, ObjectProvider<SandboxWorld> world,
      ObjectProvider<NegotiateAcceptor> kerberos)
      throws IOException {
    String secret = properties.getToken() != null && !properties.getToken().isBlank()
        ? properties.getToken()
        : properties.getPassword();
    SimulatedForeman foreman = new SimulatedForeman(
            dc,
            faults.getIfUnique(Faults::new),
            properties.getUrl().getPort(),
            properties.getDomain(),
            properties.getUsername(),
            secret);
    // Profile sandbox-kerberos: only Negotiate tokens get in (SandboxKerberosConfiguration).
    kerberos.ifAvailable(foreman::withKerberos);
    foreman.start();
    // The world the sandbox keeps on disk (SandboxConfiguration); absent in slice tests.
    world.ifAvailable(w -> w.attach(SimulatedForeman.WORLD_PART, foreman.worldPart()));
    return foreman;
  }
}
