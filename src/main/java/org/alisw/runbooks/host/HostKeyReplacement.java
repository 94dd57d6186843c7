package org.alisw.runbooks.host;

import java.util.List;

/**
 * The audit record of one replacement of a host's trusted keys.
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

  /**
   * What was trusted before this replacement, for the audit: the fingerprints removed other than
   * the new one; when the only one removed was the new key itself (a retried step that finds its
   * own earlier replacement), what the caller saw trusted before it started.
   */
  public List<String> trustedBefore(List<String> seenBefore) {
    List<String> removed = oldFingerprints.stream().filter(f -> !f.equals(newFingerprint)).toList();
    if (!removed.isEmpty() || oldFingerprints.isEmpty()) {
      return removed;
    }
    return List.copyOf(seenBefore);
  }
}
