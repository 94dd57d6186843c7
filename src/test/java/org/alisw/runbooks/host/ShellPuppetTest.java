package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.host.ReceivedCommand;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The configured puppet agent run over SSH, judged by puppet's detailed exit codes. */
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
        .containsExactly(
            new ReceivedCommand(
                "alibuild01", "root", "timeout --kill-after=30s 20 " + HostsProperties.DEFAULT_PUPPET_COMMAND, 0));
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
  void runThatOutlivesItsLimitIsStoppedOnTheHostNotLeftRunning() {
    // Old sshd (CentOS 7) neither honours the signal request nor stops the command on close:
    // only the host-side timeout ends it, and its exit status 124 is what comes back.
    hosts.server("alibuild04").failNextPuppetRuns(1);
    hosts.faults.inject(
        SimulatedHosts.execOperation("alibuild04"), new Faults.Latency(Duration.ofSeconds(30)), 1);
    Puppet puppet = new ShellPuppet(hosts.shell(), HostsProperties.DEFAULT_PUPPET_COMMAND, Duration.ofSeconds(1));
    long started = System.nanoTime();

    assertThatThrownBy(() -> puppet.runAgent("alibuild04"))
        .isInstanceOfSatisfying(
            RemoteCommandTimeoutException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(HostException.Reason.TIMEOUT);
              assertThat(e.getMessage())
                  .contains("within 1 s", "stopped on the host", "exit status 124");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(hosts.simulated.receivedCommands("alibuild04"))
        .containsExactly(
            new ReceivedCommand(
                "alibuild04", "root", "timeout --kill-after=30s 1 " + HostsProperties.DEFAULT_PUPPET_COMMAND, 124));
    // The stopped run did not get to consume the failing run: the next one still fails.
    assertThat(hosts.puppet().runAgent("alibuild04").exitStatus()).isEqualTo(4);
  }

  @Test
  void defaultCommandKeepsNoDiffAndNoColourCodesOfAHostWithPendingChanges() {
    // A rebuilt host has changes pending, among them a file with a secret in it.
    hosts.rebuildAndTrust("alibuild06");
    Puppet puppet =
        new ShellPuppet(hosts.shell(), HostsPropertiesTest.defaults().puppet().command(), Duration.ofSeconds(20));

    PuppetRun run = puppet.runAgent("alibuild06");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.changesApplied()).isTrue();
    assertThat(run.output()).contains("File[/etc/mesos/credentials]/content: content changed");
    assertThat(run.output() + run.errors())
        .doesNotContain("s1mulated-mesos-secret")
        .doesNotContain("--- /etc/")
        .doesNotContain("+++ ")
        .doesNotContain("@@ ")
        .doesNotContain("\u001B");
  }

  @Test
  void theOldTestCommandLeaksTheDiffDespiteNoShowDiff() {
    // Why -t is refused at start-up: Puppet 7 turns --show_diff back on after reading -t.
    hosts.rebuildAndTrust("alibuild07");

    PuppetRun run = hosts.puppet(HostsPropertiesTest.LEAKING_TEST_COMMAND).runAgent("alibuild07");

    assertThat(run.exitStatus()).isEqualTo(2);
    assertThat(run.output())
        .contains("--- /etc/mesos/credentials")
        .contains("+alibuild-mesos-principal s1mulated-mesos-secret");
  }

  @Test
  void colourCodesThePuppetPrintsNeverReachTheKeptOutput() {
    hosts.server("alibuild08").failNextPuppetRuns(1);
    String coloured = HostsProperties.DEFAULT_PUPPET_COMMAND.replace(" --color=false", "");

    PuppetRun run = hosts.puppet(coloured).runAgent("alibuild08");

    assertThat(run.exitStatus()).isEqualTo(4);
    assertThat(run.output()).contains("Info: Caching catalog for alibuild08.cern.ch\n").doesNotContain("\u001B");
    assertThat(run.errors()).startsWith("Error: ").doesNotContain("\u001B").doesNotContain("[1;35m");
  }

  @Test
  void killedRunIsAnErrorWithoutExitStatus() {
    hosts.faults.inject(SimulatedHosts.execOperation("alibuild04"), new Faults.Drop(), 1);

    PuppetRun run = hosts.puppet().runAgent("alibuild04");

    assertThat(run.exitStatus()).isNull();
    assertThat(run.outcome()).isEqualTo(PuppetOutcome.ERROR);
  }
}
