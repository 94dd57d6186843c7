package org.alisw.runbooks.host;

/**
 * The trusted host keys the SSH client verifies against, shared by every engine node (the
 * database; see {@link TrustedHostKeyStore}). Changing them is an explicit, audited step of the
 * runbooks that create or rebuild a VM, never a side effect of connecting.
 */
public interface KnownHosts {

  /** Connects far enough to see the host's key, compares it with the trusted keys, trusts nothing. */
  HostKeyCheck checkHostKey(String host);

  /**
   * Replaces every trusted key of {@code host} with the key the host presents now, but only when
   * that key's fingerprint equals {@code expectedFingerprint} (confirmed by the operator or the
   * VM's console output). The change and its audit record are written in one transaction; a step
   * that already made its replacement ({@link HostKeyTrust#stepKey()}) gets that one back.
   *
   * @throws IllegalArgumentException when the fingerprint is not of the form {@code SHA256:...}
   * @throws HostException with reason HOST_KEY_NOT_CONFIRMED when the host presents another key;
   *     the trusted keys are then left as they were
   */
  HostKeyReplacement replaceHostKey(String host, String expectedFingerprint, HostKeyTrust trust);

  /** {@link #replaceHostKey(String, String, HostKeyTrust)} outside a runbook step (tools, tests). */
  default HostKeyReplacement replaceHostKey(String host, String expectedFingerprint) {
    return replaceHostKey(host, expectedFingerprint, new HostKeyTrust("confirmed fingerprint " + expectedFingerprint, null));
  }

  /**
   * How many host keys are trusted; reads the store and nothing else (the health indicator:
   * trusted host keys readable).
   *
   * @throws IllegalStateException when the store cannot be read
   */
  int trustedKeyCount();
}
