package org.alisw.runbooks.runbook.verify;

/** The variables of {@code verify-host} beyond the shared ones ({@code runbook.Variables}). */
final class VerifyVariables {

  /** In: {@code new}, {@code rebuilt} or {@code unchanged} (see {@link HostKeyChange}). */
  static final String HOST_KEY_CHANGE = "hostKeyChange";
  /** Out: the host answered ping and SSH and puppet converged. */
  static final String HOST_VERIFIED = "hostVerified";
  /** Out: puppet runs made (all rounds). */
  static final String PUPPET_ATTEMPTS_USED = "puppetAttemptsUsed";
  /** Out: the last run's detailed exit code; null if puppet never ran or the run was killed. */
  static final String PUPPET_EXIT_CODE = "puppetExitCode";
  /** The step an operator is asked about: active, ping or ssh (routes "wait again"). */
  static final String VERIFY_STEP = "verifyStep";

  static final String PING_ANSWERED = "pingAnswered";
  static final String PING_DETAIL = "pingDetail";

  static final String HOST_KEY_STATUS = "hostKeyStatus";
  static final String HOST_KEY_TYPE = "hostKeyType";
  static final String PRESENTED_FINGERPRINT = "presentedFingerprint";
  static final String KNOWN_FINGERPRINTS = "knownFingerprints";
  static final String HOST_KEY_PROBLEM = "hostKeyProblem";
  static final String CONSOLE_FINGERPRINTS = "consoleFingerprints";
  static final String CONSOLE_MATCHES = "consoleMatchesHostKey";
  static final String CONFIRMED_FINGERPRINT = "confirmedFingerprint";
  static final String HOST_KEY_CONFIRMED_BY = "hostKeyConfirmedBy";
  static final String HOST_KEY_OLD_FINGERPRINTS = "hostKeyOldFingerprints";
  static final String HOST_KEY_NEW_FINGERPRINT = "hostKeyNewFingerprint";
  static final String HOST_KEY_TRUSTED_BY = "hostKeyTrustedBy";
  static final String HOST_KEY_TRUSTED_AT = "hostKeyTrustedAt";
  /** Host key replacements this instance made: the step key of the trust step (StepKey). */
  static final String HOST_KEY_REPLACEMENTS_MADE = "hostKeyReplacementsMade";

  static final String SSH_ANSWERED = "sshAnswered";
  static final String SSH_DETAIL = "sshDetail";

  static final String PUPPET_OUTCOME = "puppetOutcome";
  static final String PUPPET_ATTEMPT_LIMIT = "puppetAttemptLimit";
  static final String PUPPET_LAST_OUTPUT = "puppetLastOutput";
  static final String PUPPET_NOT_RUN_REASON = "puppetNotRunReason";
  /** Prefix of one text variable per puppet run: {@code puppetAttempt1}, {@code puppetAttempt2}, ... */
  static final String PUPPET_ATTEMPT_PREFIX = "puppetAttempt";
  static final String FOREMAN_REPORT = "foremanReport";

  private VerifyVariables() {}
}
