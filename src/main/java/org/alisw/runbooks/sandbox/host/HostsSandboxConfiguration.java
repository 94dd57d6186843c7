package org.alisw.runbooks.sandbox.host;

import java.nio.file.Path;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatorsMode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The simulated SSH hosts of the sandbox profile. application-sandbox.yaml points the production
 * adapter ({@code runbooks.hosts.*}) at the files they write into {@code
 * runbooks.sandbox.ssh.directory}; nothing else connects the two.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
@SimulatorsMode
class HostsSandboxConfiguration {

  @Bean(destroyMethod = "close")
  SimulatedHosts simulatedHosts(
      SimulatedDataCentre dataCentre,
      ObjectProvider<Faults> faults,
      @Value("${runbooks.sandbox.ssh.directory}") Path directory,
      @Value("${runbooks.hosts.ssh.user:root}") String user,
      @Value("${runbooks.sandbox.ssh.puppet-failures-after-install:0}") int puppetFailures,
      ObjectProvider<SandboxWorld> world) {
    SimulatedHosts hosts =
        SimulatedHosts.start(dataCentre, directory, user, faults.getIfUnique(Faults::new), world.getIfAvailable());
    hosts.setPuppetFailuresAfterInstall(puppetFailures);
    return hosts;
  }
}
