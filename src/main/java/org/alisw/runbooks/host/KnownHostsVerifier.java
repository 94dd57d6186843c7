package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * sshj's known_hosts verifier (which looks hosts up as {@code [host]:port} off port 22), refusing
 * unknown and changed keys as it does, but remembering which of the two happened and the presented
 * key so that the failure can say so. Built for every connection from the host's lines in the
 * {@link TrustedHostKeyStore}, so an audited replacement on any node takes effect at once.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {

  /** Why the last key was refused. */
  record Rejection(HostKeyStatus status, String knownHostsName, PublicKey key) {}

  private volatile Rejection rejection;

  /** @param knownHostsText known_hosts lines */
  KnownHostsVerifier(String knownHostsText) throws IOException {
    super(new StringReader(knownHostsText));
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String knownHostsName, PublicKey key) {
    rejection = new Rejection(HostKeyStatus.UNKNOWN, knownHostsName, key);
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String knownHostsName, PublicKey key) {
    rejection = new Rejection(HostKeyStatus.CHANGED, knownHostsName, key);
    return false;
  }

  Optional<Rejection> rejection() {
    return Optional.ofNullable(rejection);
  }

  /** SHA256 fingerprints of the plain entries of {@code knownHostsName}. */
  List<String> fingerprints(String knownHostsName) throws IOException {
    List<String> fingerprints = new ArrayList<>();
    for (KnownHostEntry entry : entries()) {
      if (entry.appliesTo(knownHostsName)) {
        fingerprintOfLine(entry.getLine()).ifPresent(fingerprints::add);
      }
    }
    return fingerprints;
  }

  /**
   * The fingerprint of a plain {@code names type base64 [comment]} line; empty for comments,
   * {@code @cert-authority} / {@code @revoked} lines and the legacy RSA1 format.
   */
  static Optional<String> fingerprintOfLine(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("@")) {
      return Optional.empty();
    }
    String[] fields = trimmed.split("\\s+");
    if (fields.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(HostKeyFingerprints.ofBlob(Base64.getDecoder().decode(fields[2])));
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
  }
}
