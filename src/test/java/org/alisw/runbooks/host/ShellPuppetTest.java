package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.host.ReceivedCommand;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** puppet agent -t -v over SSH, judged by puppet's detailed exit codes. */
class ShellPuppetTest {

  @RegisterExtension final HostsFixture hosts = new HostsFixture();

  @Test
  void cleanRunWithoutChangesOnConvergedHostExitsZero() {
    PuppetRun run = hosts.puppet().runAgent("alibuild01");

    assertThat(run.exitStatus()).isZero();
    assertThat(run.outcome()).isEqualTo(PuppetOutcome.CLEAN);
    assertThat(run.changesApplied()).isFalse();
    assertThat(run.output()).contains("Info: Caching catalog for alibuild01.cern.ch");
    assertThat(hosts.simulated.receivedCommands("alibuild01"))
        .containsExactly(new ReceivedCommand("alibuild01", "root", "puppet agent -t -v", 0));
  }

  @Test
  void failingRunOnConvergedHostExitsFourWithPuppetErrors() {
    hosts.server("alibuild02").failNextPuppetRuns(1);

    PuppetRun run = hosts.puppet().runAgent("alibuild02");

    assertThat(run.exitStatus()).isEqualTo(4);
    assertThat(run.outcome()).isEqualTo(PuppetOutcome.FAILED);
    assertThat(run.clean()).isFalse();
    assertThat(run.errors()).startsWith("Error: ");
  }

  @Test
  void rebuiltHostFailsWithChangesThenConvergesWithChangesThenStaysClean() {
    hosts.rebuildAndTrust("alibuild03");
    hosts.server("alibuild03").failNextPuppetRuns(1);
    Puppet puppet = hosts.puppet();

    PuppetRun first = puppet.runAgent("alibuild03");
    PuppetRun second = puppet.runAgent("alibuild03");
    PuppetRun third = puppet.runAgent("alibuild03");

    assertThat(first.exitStatus()).isEqualTo(6);
    assertThat(first.outcome()).isEqualTo(PuppetOutcome.FAILED);
    assertThat(first.changesApplied()).isTrue();
    assertThat(second.exitStatus()).isEqualTo(2);
    assertThat(second.outcome()).isEqualTo(PuppetOutcome.CLEAN);
    assertThat(second.changesApplied()).isTrue();
    assertThat(third.exitStatus()).isZero();
  }

  @Test
  void configuredFailuresAfterInstallHitOnlyCreatedOrRebuiltHosts() {
    hosts.simulated.setPuppetFailuresAfterInstall(2);
    hosts.rebuildAndTrust("alibuild05");
    Puppet puppet = hosts.puppet();

    assertThat(puppet.runAgent("alibuild05").exitStatus()).isEqualTo(6);
    assertThat(puppet.runAgent("alibuild05").exitStatus()).isEqualTo(6);
    assertThat(puppet.runAgent("alibuild05").exitStatus()).isEqualTo(2);
    assertThat(puppet.runAgent("alibuild06").exitStatus()).isZero();
  }

  @Test
  void cleanRunOnMasterRestartsItsContainers() {
    hosts.server("alimesos03").stopContainer("marathon");

    PuppetRun run = hosts.puppet().runAgent("alimesos03");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.output()).contains("Docker::Run[marathon]");
    assertThat(hosts.server("alimesos03").runningContainers())
        .containsExactlyInAnyOrderElementsOf(SimulatedDataCentre.MASTER_CONTAINERS);
  }

  @Test
  void killedRunIsAnErrorWithoutExitStatus() {
    hosts.faults.inject(SimulatedHosts.execOperation("alibuild04"), new Faults.Drop(), 1);

    PuppetRun run = hosts.puppet().runAgent("alibuild04");

    assertThat(run.exitStatus()).isNull();
    assertThat(run.outcome()).isEqualTo(PuppetOutcome.ERROR);
  }
}
