package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two engine nodes, each with its own DataSource and store, on one database: what one node trusts,
 * the other trusts; replacements are audited and safe when both confirm the same host at once; the
 * export is a known_hosts file OpenSSH (and sshj) reads; an existing file is imported once.
 *
 * <p>On an in-memory H2 database; on PostgreSQL with {@code
 * -Drunbooks.test.postgres-url=jdbc:postgresql://host:port/db?user=...} (an empty database: the
 * test drops the store's tables after each test).
 */
class TrustedHostKeyStoreTest {

  private static final String NAME = "[127.0.0.1]:40022";
  private static final String POSTGRES = System.getProperty("runbooks.test.postgres-url", "");

  @TempDir Path directory;

  private final String database = "trusted-keys-" + UUID.randomUUID();
  private final DataSource nodeA = dataSource();
  private final DataSource nodeB = dataSource();
  private final JdbcTemplate sql = new JdbcTemplate(nodeA);

  private DataSource dataSource() {
    return POSTGRES.isEmpty()
        ? HostsFixture.h2(database)
        : new org.springframework.jdbc.datasource.DriverManagerDataSource(POSTGRES);
  }

  @AfterEach
  void dropDatabase() {
    if (POSTGRES.isEmpty()) {
      sql.execute("SHUTDOWN");
    } else {
      sql.execute("DROP TABLE runbooks_host_key_audit, runbooks_host_key, runbooks_known_host");
    }
  }

  @Test
  void aKeyConfirmedThroughOneNodeIsTrustedThroughTheOther() throws Exception {
    TrustedHostKeyStore a = HostsFixture.store(nodeA, directory.resolve("a_known_hosts"));
    TrustedHostKeyStore b = HostsFixture.store(nodeB, directory.resolve("b_known_hosts"));
    PublicKey old = ecKey();
    PublicKey rebuilt = ecKey();
    a.replace("alibuild07", NAME, old, new HostKeyTrust("operator alice", "instance-1/trustHostKey/1"));

    b.replace("alibuild07", NAME, rebuilt, new HostKeyTrust("operator bob", "instance-2/trustHostKey/1"));

    // Node A's next connection verifies against what node B confirmed.
    KnownHostsVerifier onA = new KnownHostsVerifier(a.knownHostsText(NAME));
    assertThat(onA.verify("127.0.0.1", 40022, rebuilt)).isTrue();
    KnownHostsVerifier again = new KnownHostsVerifier(a.knownHostsText(NAME));
    assertThat(again.verify("127.0.0.1", 40022, old)).isFalse();
    assertThat(again.rejection().orElseThrow().status()).isEqualTo(HostKeyStatus.CHANGED);
    assertThat(a.keys(NAME)).extracting(TrustedHostKeyStore.TrustedKey::fingerprint)
        .containsExactly(HostKeyFingerprints.of(rebuilt));
  }

  @Test
  void aReplacementIsAuditedInItsTransactionAndARetriedStepGetsItBack() {
    TrustedHostKeyStore a = HostsFixture.store(nodeA, null);
    TrustedHostKeyStore b = HostsFixture.store(nodeB, null);
    PublicKey old = ecKey();
    PublicKey rebuilt = ecKey();
    a.replace("alibuild07", NAME, old, new HostKeyTrust("console of server 42", "i-1/trustHostKey/1"));

    HostKeyReplacement made =
        a.replace("alibuild07", NAME, rebuilt, new HostKeyTrust("operator alice", "i-2/trustHostKey/1"));
    // The job is retried on the other node, the host meanwhile presenting yet another key.
    HostKeyReplacement retried =
        b.replace("alibuild07", NAME, ecKey(), new HostKeyTrust("operator alice", "i-2/trustHostKey/1"));

    assertThat(made.oldFingerprints()).containsExactly(HostKeyFingerprints.of(old));
    assertThat(made.newFingerprint()).isEqualTo(HostKeyFingerprints.of(rebuilt));
    assertThat(retried).isEqualTo(made);
    assertThat(b.replacementOf("i-2/trustHostKey/1")).contains(made);
    List<List<String>> audit =
        sql.query(
            "SELECT step_key, host, old_fingerprints, new_fingerprint, trusted_by FROM runbooks_host_key_audit"
                + " WHERE known_hosts_name = ? ORDER BY id",
            (rs, i) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
            NAME);
    assertThat(audit).hasSize(2);
    assertThat(audit.get(1))
        .containsExactly(
            "i-2/trustHostKey/1", "alibuild07", HostKeyFingerprints.of(old), HostKeyFingerprints.of(rebuilt), "operator alice");
    assertThat(a.keys(NAME)).extracting(TrustedHostKeyStore.TrustedKey::fingerprint)
        .containsExactly(HostKeyFingerprints.of(rebuilt));
  }

  @Test
  void bothNodesConfirmingTheSameHostAtOnceLeaveOneRow() throws Exception {
    TrustedHostKeyStore a = HostsFixture.store(nodeA, null);
    TrustedHostKeyStore b = HostsFixture.store(nodeB, null);
    PublicKey key = ecKey();
    int confirmations = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(confirmations);
    try {
      List<Future<HostKeyReplacement>> results = new ArrayList<>();
      for (int i = 0; i < confirmations; i++) {
        TrustedHostKeyStore store = i % 2 == 0 ? a : b;
        // Half of them the same step retried on both nodes, half distinct steps.
        String step = i < 4 ? "i-1/trustHostKey/1" : "i-" + i + "/trustHostKey/1";
        Callable<HostKeyReplacement> confirm =
            () -> {
              start.await();
              return store.replace("alibuild09", NAME, key, new HostKeyTrust("operator " + step, step));
            };
        results.add(threads.submit(confirm));
      }
      start.countDown();
      for (Future<HostKeyReplacement> result : results) {
        assertThat(result.get().newFingerprint()).isEqualTo(HostKeyFingerprints.of(key));
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(sql.queryForObject("SELECT COUNT(*) FROM runbooks_host_key", Integer.class)).isEqualTo(1);
    assertThat(sql.queryForObject("SELECT COUNT(*) FROM runbooks_known_host", Integer.class)).isEqualTo(1);
    // One audit record per step: the same step on two nodes replaced once.
    assertThat(sql.queryForObject("SELECT COUNT(*) FROM runbooks_host_key_audit", Integer.class)).isEqualTo(5);
  }

  @Test
  void theExportIsAKnownHostsFileOpenSshReads() throws Exception {
    Path file = directory.resolve("known_hosts");
    TrustedHostKeyStore a = HostsFixture.store(nodeA, file);
    PublicKey ec = ecKey();
    PublicKey rsa = rsaKey();
    a.replace("alibuild07", NAME, ec, new HostKeyTrust("operator alice", null));
    a.replace("alibuild08", "alibuild08.cern.ch", rsa, new HostKeyTrust("operator alice", null));

    // Written after each change, without being asked.
    assertThat(Files.readString(file)).isEqualTo(a.export());
    OpenSSHKnownHosts read = new OpenSSHKnownHosts(file.toFile());
    assertThat(read.entries()).filteredOn(e -> !(e instanceof OpenSSHKnownHosts.CommentEntry)).hasSize(2);
    assertThat(read.verify("127.0.0.1", 40022, ec)).isTrue();
    assertThat(read.verify("alibuild08.cern.ch", 22, rsa)).isTrue();
    assertThat(Files.readAllLines(file))
        .contains(
            NAME + " ecdsa-sha2-nistp256 " + Base64.getEncoder().encodeToString(HostKeyFingerprints.blob(ec)),
            "alibuild08.cern.ch ssh-rsa " + Base64.getEncoder().encodeToString(HostKeyFingerprints.blob(rsa)));
  }

  /** Where OpenSSH is installed (here, CI), its own reader finds each host in the export. */
  @Test
  void sshKeygenFindsEveryHostInTheExport() throws Exception {
    Path sshKeygen = Path.of("/usr/bin/ssh-keygen");
    Assumptions.assumeTrue(Files.isExecutable(sshKeygen), "ssh-keygen is not installed");
    Path file = directory.resolve("known_hosts");
    TrustedHostKeyStore a = HostsFixture.store(nodeA, file);
    PublicKey ec = ecKey();
    a.replace("alibuild07", NAME, ec, new HostKeyTrust("operator alice", null));

    Process process =
        new ProcessBuilder(sshKeygen.toString(), "-F", NAME, "-f", file.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains(NAME + " " + line(ec));
  }

  @Test
  void anExistingKnownHostsFileIsImportedOnceAndNeverOverridesTheStore() throws Exception {
    PublicKey ec = ecKey();
    PublicKey rsa = rsaKey();
    PublicKey confirmed = ecKey();
    Path file = directory.resolve("known_hosts");
    Files.write(
        file,
        List.of(
            "# a node's old known_hosts",
            "alibuild01.cern.ch,188.184.1.1 " + line(ec),
            "alibuild01.cern.ch " + line(rsa),
            "|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= " + line(rsa),
            "@cert-authority *.cern.ch " + line(rsa),
            NAME + " " + line(ecKey()),
            "garbage"));
    TrustedHostKeyStore b = HostsFixture.store(nodeB, null);
    b.replace("alibuild07", NAME, confirmed, new HostKeyTrust("operator bob", null));
    TrustedHostKeyStore a = HostsFixture.store(nodeA, file);

    a.importAndExport();
    a.importAndExport(); // the next start: nothing new

    assertThat(a.keys("alibuild01.cern.ch")).extracting(TrustedHostKeyStore.TrustedKey::fingerprint)
        .containsExactlyInAnyOrder(HostKeyFingerprints.of(ec), HostKeyFingerprints.of(rsa));
    assertThat(a.keys("188.184.1.1")).extracting(TrustedHostKeyStore.TrustedKey::fingerprint)
        .containsExactly(HostKeyFingerprints.of(ec));
    // The file's stale key for a host the store already knows is not brought back.
    assertThat(a.keys(NAME)).extracting(TrustedHostKeyStore.TrustedKey::fingerprint)
        .containsExactly(HostKeyFingerprints.of(confirmed));
    assertThat(sql.queryForObject("SELECT COUNT(*) FROM runbooks_host_key", Integer.class)).isEqualTo(4);
    assertThat(sql.queryForList(
            "SELECT trusted_by FROM runbooks_host_key_audit WHERE known_hosts_name = 'alibuild01.cern.ch'", String.class))
        .hasSize(2).allMatch(by -> by.equals("imported from " + file.toAbsolutePath()));
    // The file is now the store's export, which node B's key is part of.
    assertThat(new OpenSSHKnownHosts(file.toFile()).verify("127.0.0.1", 40022, confirmed)).isTrue();
  }

  private static String line(PublicKey key) {
    return HostKeyFingerprints.keyType(key) + " " + Base64.getEncoder().encodeToString(HostKeyFingerprints.blob(key));
  }

  private static PublicKey ecKey() {
    return key("EC", 256);
  }

  private static PublicKey rsaKey() {
    return key("RSA", 2048);
  }

  private static PublicKey key(String algorithm, int size) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(size);
      return generator.generateKeyPair().getPublic();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
