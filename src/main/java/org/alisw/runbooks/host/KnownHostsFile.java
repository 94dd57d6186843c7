package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;
import org.alisw.runbooks.host.HostException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KnownHosts} on the known_hosts file the SSH client verifies against. A replacement
 * rewrites the file atomically (temporary file, then rename), so a connection in another thread
 * reads either the old or the new file, never half of one.
 */
final class KnownHostsFile implements KnownHosts {

  private static final Logger log = LoggerFactory.getLogger(KnownHostsFile.class);

  private final HostResolver resolver;
  private final SshConnector connector;

  KnownHostsFile(HostResolver resolver, SshConnector connector) {
    this.resolver = resolver;
    this.connector = connector;
  }

  @Override
  public HostKeyCheck checkHostKey(String host) {
    HostAddress address = resolver.resolve(host);
    KnownHostsVerifier known = connector.loadKnownHosts();
    PublicKey key =
        connector.presentedKey(
            address, known.findExistingAlgorithms(address.address(), address.port()));
    HostKeyStatus status =
        known.verify(address.address(), address.port(), key)
            ? HostKeyStatus.TRUSTED
            : known.rejection().orElseThrow().status();
    return new HostKeyCheck(
        host,
        address.knownHostsName(),
        HostKeyFingerprints.keyType(key),
        HostKeyFingerprints.of(key),
        status,
        fingerprints(known, address));
  }

  @Override
  public synchronized HostKeyReplacement replaceHostKey(String host, String expectedFingerprint) {
    String expected = HostKeyFingerprints.parse(expectedFingerprint);
    HostAddress address = resolver.resolve(host);
    KnownHostsVerifier known = connector.loadKnownHosts();
    PublicKey key =
        connector.presentedKey(
            address, known.findExistingAlgorithms(address.address(), address.port()));
    String presented = HostKeyFingerprints.of(key);
    if (!presented.equals(expected)) {
      log.warn(
          "Refused to trust the host key of {}: it presents {}, the confirmed fingerprint is {}",
          host, presented, expected);
      throw new HostException(
          Reason.HOST_KEY_NOT_CONFIRMED,
          host,
          "presents " + presented + ", not the confirmed " + expected + "; known_hosts unchanged");
    }
    List<String> old = rewrite(known, address, key);
    HostKeyReplacement replacement =
        new HostKeyReplacement(
            host, address.knownHostsName(), HostKeyFingerprints.keyType(key), old, presented);
    log.info(
        "Replaced the known_hosts entries of {} ({}): old {} -> new {} {}",
        host, address.knownHostsName(), old, replacement.keyType(), presented);
    return replacement;
  }

  /** Drops every plain entry of the host, appends the new key; returns the dropped fingerprints. */
  private List<String> rewrite(KnownHostsVerifier known, HostAddress address, PublicKey key) {
    Path file = connector.knownHostsFile();
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    try {
      List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
      for (String line : lines) {
        if (isPlainEntryOf(known, line, address)) {
          KnownHostsVerifier.fingerprintOfLine(line).ifPresent(removed::add);
        } else {
          kept.add(line);
        }
      }
      kept.add(
          address.knownHostsName()
              + " "
              + HostKeyFingerprints.keyType(key)
              + " "
              + Base64.getEncoder().encodeToString(HostKeyFingerprints.blob(key)));
      writeAtomically(file, kept);
      return removed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite the known_hosts file " + file, e);
    }
  }

  private static boolean isPlainEntryOf(KnownHostsVerifier known, String line, HostAddress address)
      throws IOException {
    if (line.isBlank() || line.startsWith("#") || line.startsWith("@")) {
      return false;
    }
    KnownHostEntry entry = known.new EntryFactory().parseEntry(line);
    return entry != null && entry.appliesTo(address.knownHostsName());
  }

  private static void writeAtomically(Path file, List<String> lines) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, ".known_hosts", ".tmp");
    try {
      Files.write(temporary, lines, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static List<String> fingerprints(KnownHostsVerifier known, HostAddress address) {
    try {
      return known.fingerprints(address.knownHostsName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot match known_hosts entries", e);
    }
  }

  @Override
  public int trustedKeyCount() {
    return connector.loadKnownHosts().entries().size();
  }
}
