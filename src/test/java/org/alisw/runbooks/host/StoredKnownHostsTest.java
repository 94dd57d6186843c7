package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.alisw.runbooks.host.HostException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audited host key replacement a rebuild needs, against simulated hosts over real SSH. */
class StoredKnownHostsTest {

  @RegisterExtension final HostsFixture hosts = new HostsFixture();

  @Test
  void reportsTrustedKeyOfSeededHost() {
    HostKeyCheck check = hosts.knownHosts().checkHostKey("alimesos01");

    assertThat(check.status()).isEqualTo(HostKeyStatus.TRUSTED);
    assertThat(check.keyType()).isEqualTo("ecdsa-sha2-nistp256");
    assertThat(check.presentedFingerprint()).isEqualTo(hosts.simulated.hostKeyFingerprint("alimesos01"));
    assertThat(check.knownFingerprints()).containsExactly(check.presentedFingerprint());
    assertThat(check.knownHostsName()).isEqualTo("[127.0.0.1]:" + hosts.simulated.port("alimesos01"));
  }

  @Test
  void reportsChangedKeyOfRebuiltHostWithoutTrustingIt() throws Exception {
    String before = hosts.simulated.hostKeyFingerprint("alimesos02");
    hosts.rebuild("alimesos02");
    List<String> knownHostsBefore = Files.readAllLines(hosts.simulated.knownHostsFile());

    HostKeyCheck check = hosts.knownHosts().checkHostKey("alimesos02");

    assertThat(check.status()).isEqualTo(HostKeyStatus.CHANGED);
    assertThat(check.knownFingerprints()).containsExactly(before);
    assertThat(check.presentedFingerprint()).isNotEqualTo(before);
    assertThat(Files.readAllLines(hosts.simulated.knownHostsFile())).isEqualTo(knownHostsBefore);
  }

  @Test
  void reportsUnknownKeyOfNewHost() {
    hosts.createServer("alibuild13");

    HostKeyCheck check = hosts.knownHosts().checkHostKey("alibuild13");

    assertThat(check.status()).isEqualTo(HostKeyStatus.UNKNOWN);
    assertThat(check.knownFingerprints()).isEmpty();
  }

  @Test
  void acceptsRebuiltHostOnlyAfterTheAuditedReplacement() throws Exception {
    String old = hosts.simulated.hostKeyFingerprint("alibuild05");
    hosts.rebuild("alibuild05");
    String presented = hosts.simulated.hostKeyFingerprint("alibuild05");
    RemoteShell shell = hosts.shell();
    assertThatThrownBy(() -> shell.run("alibuild05", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_CHANGED));

    HostKeyReplacement replacement = hosts.knownHosts().replaceHostKey("alibuild05", presented);

    assertThat(replacement.oldFingerprints()).containsExactly(old);
    assertThat(replacement.newFingerprint()).isEqualTo(presented);
    assertThat(replacement.keyType()).isEqualTo("ecdsa-sha2-nistp256");
    assertThat(replacement.knownHostsName()).isEqualTo("[127.0.0.1]:" + hosts.simulated.port("alibuild05"));
    assertThat(shell.run("alibuild05", RemoteCommand.hostname()).stdout()).isEqualTo("alibuild05\n");
  }

  @Test
  void refusesReplacementWhenTheHostPresentsAnotherKeyThanTheConfirmedOne() throws Exception {
    String old = hosts.simulated.hostKeyFingerprint("alibuild06");
    hosts.rebuild("alibuild06");
    byte[] knownHostsBefore = Files.readAllBytes(hosts.simulated.knownHostsFile());

    // The operator confirmed the old key (or an attacker's): the host presents another one.
    assertThatThrownBy(() -> hosts.knownHosts().replaceHostKey("alibuild06", old))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_NOT_CONFIRMED));

    assertThat(Files.readAllBytes(hosts.simulated.knownHostsFile())).isEqualTo(knownHostsBefore);
    assertThatThrownBy(() -> hosts.shell().run("alibuild06", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_CHANGED));
  }

  @Test
  void replacementKeepsEveryOtherHostsEntry() throws Exception {
    List<String> others =
        Files.readAllLines(hosts.simulated.knownHostsFile()).stream()
            .filter(line -> !line.startsWith("[127.0.0.1]:" + hosts.simulated.port("alibuild07") + " "))
            .toList();
    hosts.rebuild("alibuild07");

    hosts.knownHosts().replaceHostKey("alibuild07", hosts.simulated.hostKeyFingerprint("alibuild07"));

    List<String> after = Files.readAllLines(hosts.simulated.knownHostsFile());
    assertThat(after).containsAll(others).hasSize(others.size() + 1);
    assertThat(hosts.shell().run("alibuild08", RemoteCommand.hostname()).succeeded()).isTrue();
  }

  @Test
  void addsNewHostConfirmedFromItsConsole() {
    hosts.createServer("alibuild14");

    HostKeyReplacement replacement =
        hosts.knownHosts().replaceHostKey("alibuild14", hosts.simulated.hostKeyFingerprint("alibuild14"));

    assertThat(replacement.oldFingerprints()).isEmpty();
    assertThat(hosts.shell().run("alibuild14", RemoteCommand.hostname()).stdout()).isEqualTo("alibuild14\n");
  }

  @Test
  void refusesFingerprintNotInOpenSshSha256Form() {
    assertThatThrownBy(() -> hosts.knownHosts().replaceHostKey("alibuild01", "e6:55:82:2a:2f:77:3d:23"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SHA256:");
  }

  /** Two engine nodes on one database: the key node A confirmed is the key node B connects with. */
  @Test
  void aKeyConfirmedOnOneNodeLetsTheOtherNodeConnect() {
    TrustedHostKeyStore nodeB = HostsFixture.store(HostsFixture.h2(hosts.database), null);
    RemoteShell shellOnB = new SshjRemoteShell(
        hosts.resolver, hosts.connector(hosts.ssh(), name -> null, nodeB), java.time.Duration.ofSeconds(20));
    hosts.rebuild("alibuild10");
    assertThatThrownBy(() -> shellOnB.run("alibuild10", RemoteCommand.hostname()))
        .isInstanceOfSatisfying(HostException.class, e -> assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_CHANGED));

    hosts.knownHosts().replaceHostKey("alibuild10", hosts.simulated.hostKeyFingerprint("alibuild10"));

    assertThat(shellOnB.run("alibuild10", RemoteCommand.hostname()).stdout()).isEqualTo("alibuild10\n");
  }

  /** A retried trust step gets its own replacement back, even if the host was rebuilt meanwhile. */
  @Test
  void aRetriedStepFindsItsReplacementInsteadOfMakingAnother() {
    String old = hosts.simulated.hostKeyFingerprint("alibuild11");
    hosts.rebuild("alibuild11");
    String confirmed = hosts.simulated.hostKeyFingerprint("alibuild11");
    HostKeyTrust step = new HostKeyTrust("operator alice", "instance-7/trustHostKey/1");
    HostKeyReplacement first = hosts.knownHosts().replaceHostKey("alibuild11", confirmed, step);
    hosts.rebuild("alibuild11");

    HostKeyReplacement retried = hosts.knownHosts().replaceHostKey("alibuild11", confirmed, step);

    assertThat(retried).isEqualTo(first);
    assertThat(first.oldFingerprints()).containsExactly(old);
    assertThat(hosts.trusted.keys(hosts.resolver.resolve("alibuild11").knownHostsName()))
        .extracting(TrustedHostKeyStore.TrustedKey::fingerprint).containsExactly(confirmed);
  }
}
