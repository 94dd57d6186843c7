package org.alisw.runbooks.host;

/**
 * The known_hosts file the SSH client verifies host keys against. Changing it is an explicit,
 * audited step of the runbooks that create or rebuild a VM, never a side effect of connecting.
 */
public interface KnownHosts {

  /** Connects far enough to see the host's key, compares it with known_hosts, trusts nothing. */
  HostKeyCheck checkHostKey(String host);

  /**
   * Replaces every known_hosts entry of {@code host} with the key the host presents now, but only
   * when that key's fingerprint equals {@code expectedFingerprint} (confirmed by the operator or
   * the VM's console output).
   *
   * @throws IllegalArgumentException when the fingerprint is not of the form {@code SHA256:...}
   * @throws HostException with reason HOST_KEY_NOT_CONFIRMED when the host presents another key;
   *     known_hosts is then left as it was
   */
  HostKeyReplacement replaceHostKey(String host, String expectedFingerprint);

  /**
   * How many host keys are trusted (plain and hashed entries); reads the store and nothing else
   * (the health indicator: known_hosts readable).
   *
   * @throws IllegalStateException when the store cannot be read
   */
  int trustedKeyCount();
}
