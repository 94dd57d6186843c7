package org.alisw.runbooks.certmgr;

import java.util.List;

/**
 * Puppet certificate staging in CERN's Certmgr, as the runbooks see it: what {@code ai-bs} and
 * {@code ai-rebuild-vm} do before the VM boots. A staging authorises one certificate fetch by the
 * host ({@code certmgr-getcert} in the VM's first-boot script); without one the VM never gets a
 * Puppet certificate and Puppet never runs. Host names may be short ({@code alibuild13}) or fully
 * qualified; short names get the configured domain. docs/certmgr.md lists the calls behind each
 * method.
 *
 * <p>Failures: {@link CertmgrUnavailableException} (5xx, timeout, no answer: retry) or {@link
 * CertmgrRefusedException} (Certmgr said no: an operator must act, retrying does not help).
 */
public interface CertificateStaging {

  /**
   * Stages the host so that its next (re)installation can fetch a certificate. Idempotent: when the
   * host already has a staging that has not expired, that one is returned and nothing is sent.
   */
  StagedCertificate stage(String hostname);

  /** The host's stagings not consumed yet (normally none or one), oldest first. */
  List<StagedCertificate> staged(String hostname);

  /** Removes one staging; false when it was gone already (consumed, expired or removed). */
  boolean unstage(long id);
}
