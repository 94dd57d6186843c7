package org.alisw.runbooks.sandbox.host;

import java.nio.file.Path;
import java.time.Duration;
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
      @Value("${runbooks.hosts.ssh.passphrase-env:RUNBOOKS_SSH_PASSPHRASE}") String passphraseEnv,
      @Value("${runbooks.sandbox.ssh.latency:PT0S}") Duration latency,
      ObjectProvider<SandboxWorld> world) {
    // The identity is encrypted when the adapter's passphrase variable is set, so that the
    // sandbox runs the adapter's encrypted-key path (SecretHygieneSlowIT sets it); the passphrase
    // is read from the environment only, like the adapter does, never from configuration.
    String passphrase = passphraseEnv.isBlank() ? null : System.getenv(passphraseEnv);
    SimulatedHosts hosts =
        SimulatedHosts.start(
            dataCentre, directory, user, faults.getIfUnique(Faults::new), world.getIfAvailable(), passphrase);
    hosts.setPuppetFailuresAfterInstall(puppetFailures);
    hosts.setCommandLatency(latency);
    return hosts;
  }
}
