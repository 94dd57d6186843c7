package org.alisw.runbooks.host;

/**
 * Who or what vouches for a host key being trusted, and the runbook step that asks, for the audit
 * record written with the change.
 *
 * @param trustedBy the operator who confirmed the fingerprint, or the console that showed it
 * @param stepKey the asking step ({@code <instance>/<step>/<n>}, see StepKey): a retried job with
 *     the same key gets the replacement it already made; null when no runbook step asks (tests,
 *     tools)
 */
public record HostKeyTrust(String trustedBy, String stepKey) {

  public HostKeyTrust {
    if (trustedBy == null || trustedBy.isBlank()) {
      throw new IllegalArgumentException("a trusted host key needs who or what confirmed it");
    }
    if (stepKey != null && stepKey.isBlank()) {
      stepKey = null;
    }
  }
}
