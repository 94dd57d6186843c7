package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.alisw.runbooks.host.HostException.Reason;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.host.ReceivedCommand;
import org.alisw.runbooks.sandbox.host.SandboxSshFiles;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The sshj adapter against MINA SSHD hosts over real SSH. */
class SshjRemoteShellTest {

  @TempDir Path directory;
  @RegisterExtension final HostsFixture hosts = new HostsFixture();

  @Test
  void runsCommandAsRootAndReturnsOutputAndExitStatus() {
    CommandResult result = hosts.shell().run("alibuild01", RemoteCommand.hostname());

    assertThat(result.exitStatus()).isZero();
    assertThat(result.succeeded()).isTrue();
    assertThat(result.stdout()).isEqualTo("alibuild01\n");
    assertThat(result.stderr()).isEmpty();
    assertThat(result.command()).isEqualTo("hostname");
    assertThat(hosts.simulated.receivedCommands("alibuild01"))
        .containsExactly(new ReceivedCommand("alibuild01", "root", "hostname", 0));
  }

  @Test
  void reportsNonZeroExitStatusWithStderr() {
    CommandResult result = hosts.shell().run("alibuild02", RemoteCommand.configured("uptime"));

    assertThat(result.exitStatus()).isEqualTo(127);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stderr()).isEqualTo("bash: uptime: command not found\n");
  }

  @Test
  void refusesUnknownHostKeyBeforeSendingAnything() {
    hosts.createServer("alibuild13");

    assertThatThrownBy(() -> hosts.shell().run("alibuild13", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN);
              assertThat(e.getMessage()).contains(hosts.simulated.hostKeyFingerprint("alibuild13"));
            });
    assertThat(hosts.simulated.receivedCommands("alibuild13")).isEmpty();
  }

  @Test
  void refusesChangedHostKeyOfRebuiltHost() {
    hosts.rebuild("alibuild04");

    assertThatThrownBy(() -> hosts.shell().run("alibuild04", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_CHANGED));
    assertThat(hosts.simulated.receivedCommands("alibuild04")).isEmpty();
  }

  @Test
  void refusesHostMadeUnreachable() {
    hosts.server("alibuild05").setSshReachable(false);

    assertThatThrownBy(() -> hosts.shell().run("alibuild05", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.CONNECTION_FAILED));
  }

  @Test
  void refusesHostWhileItIsRebuilding() {
    hosts.server("alibuild06").rebuild(HostsFixture.REBUILD, hosts.clock.instant());

    assertThatThrownBy(() -> hosts.shell().run("alibuild06", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONNECTION_FAILED));
  }

  @Test
  void refusesDeletedHost() {
    hosts.dataCentre.delete("alibuild03");

    assertThatThrownBy(() -> hosts.shell().run("alibuild03", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONNECTION_FAILED));
  }

  @Test
  void serverBootedThroughNovaAnswersOnceItsBootDelayIsOverAndItsKeyConfirmed() {
    hosts.createBootingServer("alibuild15", Duration.ofSeconds(2));
    RemoteShell shell = hosts.shell();
    assertThatThrownBy(() -> shell.run("alibuild15", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONNECTION_FAILED));

    hosts.clock.advance(Duration.ofSeconds(3));
    hosts.knownHosts().replaceHostKey("alibuild15", hosts.simulated.hostKeyFingerprint("alibuild15"));

    assertThat(shell.run("alibuild15", RemoteCommand.hostname()).stdout()).isEqualTo("alibuild15\n");
  }

  @Test
  void timesOutCommandThatRunsTooLong() {
    hosts.faults.inject(
        SimulatedHosts.execOperation("alibuild07"), new Faults.Latency(Duration.ofSeconds(10)), 1);
    long started = System.nanoTime();

    assertThatThrownBy(
            () -> hosts.shell().run("alibuild07", RemoteCommand.hostname(), Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            RemoteCommandTimeoutException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void timesOutHandshakeWithSlowHost() {
    hosts.faults.inject(
        SimulatedHosts.connectOperation("alibuild08"), new Faults.Latency(Duration.ofSeconds(3)), 1);
    RemoteShell shell = hosts.shell(hosts.ssh(Duration.ofMillis(500), DataSize.ofKilobytes(64)));
    long started = System.nanoTime();

    assertThatThrownBy(() -> shell.run("alibuild08", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void reportsCommandKilledBySignalAsFailureWithoutExitStatus() {
    hosts.faults.inject(SimulatedHosts.execOperation("alibuild09"), new Faults.Drop(), 1);

    CommandResult result = hosts.shell().run("alibuild09", RemoteCommand.hostname());

    assertThat(result.exitStatus()).isNull();
    assertThat(result.exitSignal()).isEqualTo("KILL");
    assertThat(result.succeeded()).isFalse();
  }

  @Test
  void keepsOnlyTheTailOfBothStreamsWhileReadingThemConcurrently() {
    // 3 MB on each stream: more than the channel window, so reading one stream after the other
    // would block the host forever.
    hosts.simulated.setPuppetNoise("alibuild10", 3 * 1024 * 1024);
    hosts.server("alibuild10").failNextPuppetRuns(1);
    RemoteShell shell = hosts.shell(hosts.ssh(Duration.ofSeconds(5), DataSize.ofBytes(200)));

    CommandResult result = shell.run("alibuild10", RemoteCommand.configured("puppet agent -t -v"));

    assertThat(result.exitStatus()).isEqualTo(4);
    assertThat(result.stdoutTruncated()).isTrue();
    assertThat(result.stderrTruncated()).isTrue();
    assertThat(result.stdout().getBytes()).hasSize(200);
    assertThat(result.stdout()).endsWith("Notice: Applied catalog in 3.17 seconds\n");
    assertThat(result.stderr()).endsWith("Error: Could not apply complete catalog: Found 1 dependency cycle\n");
  }

  @Test
  void authenticatesWithPassphraseProtectedIdentityFromTheEnvironment() throws Exception {
    KeyPair pair = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
    Path identity = directory.resolve("id_protected");
    SandboxSshFiles.writeIdentity(identity, pair, "correct horse");
    hosts.simulated.authorize(pair.getPublic());
    HostsProperties.Ssh base = hosts.ssh();
    HostsProperties.Ssh ssh =
        new HostsProperties.Ssh(
            "root", identity.toString(), "SSH_PASSPHRASE", base.knownHostsFile(),
            base.connectTimeout(), base.commandTimeout(), base.outputLimit());
    RemoteShell shell =
        new SshjRemoteShell(
            hosts.resolver,
            hosts.connector(ssh, name -> name.equals("SSH_PASSPHRASE") ? "correct horse" : null),
            ssh.commandTimeout());

    assertThat(shell.run("alibuild11", RemoteCommand.hostname()).stdout()).isEqualTo("alibuild11\n");
  }

  @Test
  void refusesIdentityTheHostDoesNotAuthorize() throws Exception {
    KeyPair stranger = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
    Path identity = directory.resolve("id_stranger");
    SandboxSshFiles.writeIdentity(identity, stranger, null);
    HostsProperties.Ssh base = hosts.ssh();
    HostsProperties.Ssh ssh =
        new HostsProperties.Ssh(
            "root", identity.toString(), "", base.knownHostsFile(),
            base.connectTimeout(), base.commandTimeout(), base.outputLimit());

    assertThatThrownBy(() -> hosts.shell(ssh).run("alibuild12", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED));
  }
}
