package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trusted SSH host keys in the engine's database, so that a key one node confirmed after a
 * rebuild is the key every node trusts. Tables (created by {@code trusted-host-keys.sql}):
 * {@code runbooks_known_host} (one row per known_hosts name, locked by a replacement), {@code
 * runbooks_host_key} (the known_hosts lines trusted now) and {@code runbooks_host_key_audit}
 * (every change, written in the same transaction).
 *
 * <p>For humans, the store is also an OpenSSH known_hosts file: {@link #export()} writes every
 * trusted key to the configured file after each change and at start; {@link #importKnownHosts}
 * brings in an existing file's plain entries for names the store does not know yet (the first
 * start of a node, the sandbox's simulated hosts). The store wins over the file: a name the store
 * has is never re-imported, so a stale file on one node cannot bring an old key back.
 *
 * <p>Transactions are the store's own ({@code REQUIRES_NEW}): a key is trusted from the moment the
 * replacement commits, whatever the job that asked does next; its step key makes the retry of that
 * job find the replacement instead of making another.
 */
final class TrustedHostKeyStore {

  private static final Logger log = LoggerFactory.getLogger(TrustedHostKeyStore.class);
  private static final String SCHEMA = "org/alisw/runbooks/host/trusted-host-keys.sql";

  private final DataSource dataSource;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final Path exportFile;

  /**
   * @param exportFile the known_hosts file imported at start and rewritten after each change;
   *     null for none
   */
  TrustedHostKeyStore(DataSource dataSource, Clock clock, Path exportFile) {
    this.dataSource = dataSource;
    this.jdbc = new JdbcTemplate(dataSource);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.clock = clock;
    this.exportFile = exportFile;
  }

  /** One trusted key: a plain known_hosts line {@code name type base64}. */
  record TrustedKey(String knownHostsName, String keyType, String publicKey, String fingerprint) {
    String line() {
      return knownHostsName + " " + keyType + " " + publicKey;
    }
  }

  /**
   * Creates the tables when missing. Idempotent; a node starting at the same moment as another may
   * lose the race for a {@code CREATE TABLE IF NOT EXISTS} on PostgreSQL, hence the second try.
   */
  void createSchema() {
    ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ClassPathResource(SCHEMA));
    try {
      populator.execute(dataSource);
    } catch (DataAccessException raceWithAnotherNode) {
      log.info("Creating the trusted host key tables failed once ({}); trying again", raceWithAnotherNode.getMessage());
      populator.execute(dataSource);
    }
  }

  /** The keys trusted for {@code knownHostsName}, ordered by fingerprint. */
  List<TrustedKey> keys(String knownHostsName) {
    return jdbc.query(
        "SELECT known_hosts_name, key_type, public_key, fingerprint FROM runbooks_host_key"
            + " WHERE known_hosts_name = ? ORDER BY fingerprint",
        (rs, i) -> new TrustedKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
        knownHostsName);
  }

  /** Every trusted key, ordered by name and fingerprint. */
  List<TrustedKey> all() {
    return jdbc.query(
        "SELECT known_hosts_name, key_type, public_key, fingerprint FROM runbooks_host_key"
            + " ORDER BY known_hosts_name, fingerprint",
        (rs, i) -> new TrustedKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
  }

  /** How many keys are trusted, for every host. */
  int count() {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM runbooks_host_key", Integer.class);
    return count == null ? 0 : count;
  }

  /** The known_hosts lines of one name, for the verifier of one connection. */
  String knownHostsText(String knownHostsName) {
    StringBuilder text = new StringBuilder();
    keys(knownHostsName).forEach(k -> text.append(k.line()).append('\n'));
    return text.toString();
  }

  /** The replacement a step already made, if any. */
  Optional<HostKeyReplacement> replacementOf(String stepKey) {
    if (stepKey == null) {
      return Optional.empty();
    }
    return jdbc
        .query(
            "SELECT host, known_hosts_name, key_type, old_fingerprints, new_fingerprint"
                + " FROM runbooks_host_key_audit WHERE step_key = ?",
            (rs, i) ->
                new HostKeyReplacement(
                    rs.getString(1), rs.getString(2), rs.getString(3), split(rs.getString(4)), rs.getString(5)),
            stepKey)
        .stream()
        .findFirst();
  }

  /**
   * Makes {@code key} the only trusted key of {@code knownHostsName}, with its audit record, in one
   * transaction that holds the name's row lock: concurrent replacements of one host run one after
   * the other and leave exactly one row. The caller has checked the key against the confirmed
   * fingerprint. A step that already made its replacement gets it back unchanged.
   */
  HostKeyReplacement replace(String host, String knownHostsName, PublicKey key, HostKeyTrust trust) {
    String keyType = HostKeyFingerprints.keyType(key);
    String publicKey = Base64.getEncoder().encodeToString(HostKeyFingerprints.blob(key));
    String fingerprint = HostKeyFingerprints.of(key);
    ensureKnownHost(knownHostsName);
    HostKeyReplacement replacement;
    try {
      replacement =
          transaction.execute(
              status -> {
                jdbc.queryForList(
                    "SELECT known_hosts_name FROM runbooks_known_host WHERE known_hosts_name = ? FOR UPDATE",
                    String.class,
                    knownHostsName);
                Optional<HostKeyReplacement> done = replacementOf(trust.stepKey());
                if (done.isPresent()) {
                  return done.get();
                }
                List<String> old = keys(knownHostsName).stream().map(TrustedKey::fingerprint).toList();
                OffsetDateTime now = now();
                jdbc.update("DELETE FROM runbooks_host_key WHERE known_hosts_name = ?", knownHostsName);
                insertKey(new TrustedKey(knownHostsName, keyType, publicKey, fingerprint), now, trust.trustedBy());
                HostKeyReplacement made = new HostKeyReplacement(host, knownHostsName, keyType, old, fingerprint);
                audit(made, trust, now);
                return made;
              });
    } catch (DuplicateKeyException sameStepOnAnotherNode) {
      replacement = replacementOf(trust.stepKey()).orElseThrow(() -> sameStepOnAnotherNode);
    }
    refreshExport();
    return replacement;
  }

  /**
   * Imports the plain entries of an OpenSSH known_hosts file for every name the store does not
   * know yet; hashed names and {@code @cert-authority}/{@code @revoked} lines cannot be keyed by
   * name and are skipped (and counted in the log). A missing file imports nothing.
   *
   * @return the number of names imported
   */
  int importKnownHosts(Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      return 0;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the known_hosts file " + file + " to import", e);
    }
    Map<String, List<TrustedKey>> byName = new LinkedHashMap<>();
    int skipped = 0;
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      Optional<String> fingerprint = KnownHostsVerifier.fingerprintOfLine(trimmed);
      if (trimmed.startsWith("@") || trimmed.startsWith("|") || fingerprint.isEmpty()) {
        skipped++;
        continue;
      }
      for (String name : fields[0].split(",")) {
        if (!name.isEmpty() && !name.startsWith("!") && !name.contains("*") && !name.contains("?")) {
          byName.computeIfAbsent(name, n -> new ArrayList<>())
              .add(new TrustedKey(name, fields[1], fields[2], fingerprint.get()));
        }
      }
    }
    int imported = 0;
    int known = 0;
    String trustedBy = "imported from " + file.toAbsolutePath();
    for (Map.Entry<String, List<TrustedKey>> entry : byName.entrySet()) {
      if (importName(entry.getKey(), entry.getValue(), trustedBy)) {
        imported++;
      } else {
        known++;
      }
    }
    log.info(
        "Trusted host keys: imported {} names from {}; {} names already in the store kept their keys;"
            + " {} hashed, marker or unreadable lines skipped",
        imported, file, known, skipped);
    return imported;
  }

  /** Every trusted key as OpenSSH known_hosts text ({@code ssh-keygen -F} reads it). */
  String export() {
    StringBuilder text =
        new StringBuilder(
            "# Trusted host keys of infra-runbooks, exported from its database (runbooks_host_key).\n"
                + "# Changes here are not read back: trust a new key with the audited replacement.\n");
    all().forEach(k -> text.append(k.line()).append('\n'));
    return text.toString();
  }

  /** Imports the configured file, then writes the store's keys to it (start of a node). */
  void importAndExport() {
    importKnownHosts(exportFile);
    refreshExport();
  }

  /**
   * Rewrites the export file atomically (temporary file, then rename), so a reader sees the old or
   * the new file, never half of one. A failure is logged, not thrown: the database holds the truth.
   */
  void refreshExport() {
    if (exportFile == null) {
      return;
    }
    try {
      Path directory = exportFile.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, ".known_hosts", ".tmp");
      try {
        Files.writeString(temporary, export(), StandardCharsets.UTF_8);
        Files.move(temporary, exportFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not export the trusted host keys to {}: {}", exportFile, e.toString());
    }
  }

  private boolean importName(String name, List<TrustedKey> keys, String trustedBy) {
    try {
      return Boolean.TRUE.equals(
          transaction.execute(
              status -> {
                Integer present =
                    jdbc.queryForObject(
                        "SELECT COUNT(*) FROM runbooks_known_host WHERE known_hosts_name = ?", Integer.class, name);
                if (present != null && present > 0) {
                  return false;
                }
                OffsetDateTime now = now();
                jdbc.update(
                    "INSERT INTO runbooks_known_host (known_hosts_name, first_trusted_at) VALUES (?, ?)", name, now);
                List<String> done = new ArrayList<>();
                for (TrustedKey key : keys) {
                  if (done.contains(key.fingerprint())) {
                    continue;
                  }
                  done.add(key.fingerprint());
                  insertKey(key, now, trustedBy);
                  audit(new HostKeyReplacement(name, name, key.keyType(), List.of(), key.fingerprint()),
                      new HostKeyTrust(trustedBy, null), now);
                }
                return true;
              }));
    } catch (DuplicateKeyException anotherNodeImportedIt) {
      return false;
    }
  }

  /** The name's row, in a transaction of its own so that losing the race to another node is harmless. */
  private void ensureKnownHost(String knownHostsName) {
    try {
      transaction.executeWithoutResult(
          status -> {
            Integer present =
                jdbc.queryForObject(
                    "SELECT COUNT(*) FROM runbooks_known_host WHERE known_hosts_name = ?", Integer.class, knownHostsName);
            if (present == null || present == 0) {
              jdbc.update(
                  "INSERT INTO runbooks_known_host (known_hosts_name, first_trusted_at) VALUES (?, ?)",
                  knownHostsName, now());
            }
          });
    } catch (DuplicateKeyException anotherNodeInsertedIt) {
      // Present now: what we wanted.
    }
  }

  private void insertKey(TrustedKey key, OffsetDateTime now, String trustedBy) {
    jdbc.update(
        "INSERT INTO runbooks_host_key (known_hosts_name, key_type, public_key, fingerprint, trusted_at, trusted_by)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        key.knownHostsName(), key.keyType(), key.publicKey(), key.fingerprint(), now, Texts.kept(trustedBy, 1000));
  }

  private void audit(HostKeyReplacement replacement, HostKeyTrust trust, OffsetDateTime now) {
    jdbc.update(
        "INSERT INTO runbooks_host_key_audit (step_key, host, known_hosts_name, key_type, old_fingerprints,"
            + " new_fingerprint, trusted_by, trusted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        trust.stepKey(),
        replacement.host(),
        replacement.knownHostsName(),
        replacement.keyType(),
        String.join("\n", replacement.oldFingerprints()),
        replacement.newFingerprint(),
        Texts.kept(trust.trustedBy(), 1000),
        now);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static List<String> split(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
  }

  /** Column limits without a dependency on the runbook packages. */
  private static final class Texts {
    static String kept(String text, int max) {
      return text.length() <= max ? text : text.substring(0, max);
    }
  }
}
