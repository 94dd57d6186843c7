package org.alisw.runbooks.host;

import java.util.List;

/**
 * The audit record of one host key replacement in known_hosts.
 *
 * @param oldFingerprints the fingerprints of the entries removed (empty for a host seen the first
 *     time)
 * @param newFingerprint the fingerprint now trusted: the one presented by the host and confirmed
 *     by the operator
 */
public record HostKeyReplacement(
    String host,
    String knownHostsName,
    String keyType,
    List<String> oldFingerprints,
    String newFingerprint) {

  public HostKeyReplacement {
    oldFingerprints = List.copyOf(oldFingerprints);
  }
}
