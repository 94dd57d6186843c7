package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.certmgr.CertmgrClient;
import org.alisw.runbooks.certmgr.CertmgrProperties;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.certmgr.SimulatedCertmgr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sandbox makes Certmgr staging matter: a VM booted as Nova does it, without a staging, never
 * converges (the production puppet adapter over SSH sees the agent fail to get a certificate every
 * time); one staged through the production Certmgr adapter before it boots does.
 */
class PuppetCertificateTest {

  private static final Duration BOOT = Duration.ofSeconds(2);

  @RegisterExtension final HostsFixture hosts = new HostsFixture();
  private final SimulatedCertmgr certmgr = new SimulatedCertmgr(hosts.dataCentre, hosts.faults, 0, null, null).start();
  private final CertificateStaging staging = new CertmgrClient(certmgrProperties());

  @AfterEach
  void stopCertmgr() {
    certmgr.close();
  }

  @Test
  void aVmBootedWithoutStagingNeverConverges() {
    bootAndTrust("alibuild13");
    Puppet puppet = hosts.puppet();

    for (int attempt = 1; attempt <= 3; attempt++) {
      PuppetRun run = puppet.runAgent("alibuild13");

      assertThat(run.exitStatus()).as("attempt %d", attempt).isEqualTo(1);
      assertThat(run.outcome()).isEqualTo(PuppetOutcome.ERROR);
      assertThat(run.errors()).contains("Error: Could not request certificate:");
      assertThat(run.output()).contains("Exiting; failed to retrieve certificate and waitforcert is disabled");
    }
    // The agent never got a catalog, so Foreman never got a report.
    assertThat(hosts.server("alibuild13").lastPuppetRun()).isEmpty();
  }

  @Test
  void aVmStagedBeforeItBootsGetsItsCertificateAndConverges() {
    staging.stage("alibuild14");
    bootAndTrust("alibuild14");

    PuppetRun run = hosts.puppet().runAgent("alibuild14");

    assertThat(run.exitStatus()).isIn(0, 2);
    assertThat(run.clean()).isTrue();
    assertThat(staging.staged("alibuild14")).as("consumed at first boot").isEmpty();
  }

  @Test
  void aRebuildWithoutStagingLeavesTheMachineWithoutCertificate() {
    SimulatedServer server = hosts.server("alibuild08");
    server.rebuild(HostsFixture.REBUILD, hosts.clock.instant());
    hosts.clock.advance(HostsFixture.REBUILD.plusSeconds(1));
    hosts.knownHosts().replaceHostKey("alibuild08", hosts.simulated.hostKeyFingerprint("alibuild08"));

    PuppetRun run = hosts.puppet().runAgent("alibuild08");

    assertThat(run.exitStatus()).isEqualTo(1);
    assertThat(run.errors()).contains("Could not request certificate");
  }

  private void bootAndTrust(String name) {
    hosts.createBootingServer(name, BOOT);
    hosts.clock.advance(BOOT.plusSeconds(1));
    hosts.knownHosts().replaceHostKey(name, hosts.simulated.hostKeyFingerprint(name));
  }

  private CertmgrProperties certmgrProperties() {
    CertmgrProperties p = new CertmgrProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + certmgr.port()));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain("cern.ch");
    p.setRequestTimeout(Duration.ofSeconds(5));
    return p;
  }
}
