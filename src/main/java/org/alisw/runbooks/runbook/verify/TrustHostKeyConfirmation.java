package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.CONFIRMED_FINGERPRINT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.CONSOLE_MATCHES;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_CONFIRMED_BY;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PRESENTED_FINGERPRINT;

import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * What vouches for the new host key, read from the instance: the fingerprint an operator typed
 * ({@code confirmedFingerprint}, with who typed it), or else the presented one when the VM's
 * console showed it. Nothing else is ever trusted.
 */
record TrustHostKeyConfirmation(String expectedFingerprint, String trustedBy) {

  static TrustHostKeyConfirmation of(DelegateExecution execution, String host) {
    String confirmed = RunbookVariables.stringOr(execution, CONFIRMED_FINGERPRINT, null);
    if (confirmed != null) {
      return new TrustHostKeyConfirmation(
          confirmed, RunbookVariables.stringOr(execution, HOST_KEY_CONFIRMED_BY, "an operator"));
    }
    if (Boolean.TRUE.equals(execution.getVariable(CONSOLE_MATCHES))) {
      return new TrustHostKeyConfirmation(
          RunbookVariables.required(execution, PRESENTED_FINGERPRINT),
          "console of server " + RunbookVariables.required(execution, SERVER_ID) + " (cloud-init's fingerprints)");
    }
    throw new RequestRejected(CONFIRMED_FINGERPRINT, "Nothing confirmed the host key of " + host + ": known_hosts unchanged.");
  }
}
