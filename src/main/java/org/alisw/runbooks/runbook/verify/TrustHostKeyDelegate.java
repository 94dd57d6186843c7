package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.CONFIRMED_FINGERPRINT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.CONSOLE_MATCHES;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_CHANGE;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_CONFIRMED_BY;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_NEW_FINGERPRINT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_OLD_FINGERPRINTS;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_TRUSTED_AT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_TRUSTED_BY;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.KNOWN_FINGERPRINTS;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PRESENTED_FINGERPRINT;

import java.time.Instant;
import java.util.List;
import org.alisw.runbooks.host.HostException;
import org.alisw.runbooks.host.HostException.Reason;
import org.alisw.runbooks.host.HostKeyReplacement;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Trusts the new host key of a created or rebuilt VM, and only the confirmed one: the fingerprint an
 * operator typed ({@code confirmedFingerprint}), or else the presented one when the VM's console
 * showed it. {@link KnownHosts#replaceHostKey} connects again and refuses when the host now
 * presents another key, leaving known_hosts unchanged; that refusal goes back to the operator.
 * The audit record (old and new fingerprints, who or what confirmed, when) stays in history.
 */
@Component("trustHostKey")
class TrustHostKeyDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(TrustHostKeyDelegate.class);

  private final KnownHosts knownHosts;
  private final VerifyHostRequest request;

  TrustHostKeyDelegate(KnownHosts knownHosts, VerifyHostRequest request) {
    this.knownHosts = knownHosts;
    this.request = request;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> trust(execution));
  }

  private void trust(DelegateExecution execution) {
    String host = request.checkBeforeStep(execution);
    if (!request.hostKeyChange(execution).mayTrustANewKey()) {
      throw new RequestRejected(
          HOST_KEY_CHANGE, "A rebooted machine's key is never re-trusted: refusing to change known_hosts for " + host + ".");
    }
    String confirmed = RunbookVariables.stringOr(execution, CONFIRMED_FINGERPRINT, null);
    String expected;
    String trustedBy;
    if (confirmed != null) {
      expected = confirmed;
      trustedBy = RunbookVariables.stringOr(execution, HOST_KEY_CONFIRMED_BY, "an operator");
    } else if (Boolean.TRUE.equals(execution.getVariable(CONSOLE_MATCHES))) {
      expected = RunbookVariables.required(execution, PRESENTED_FINGERPRINT);
      trustedBy = "console of server " + RunbookVariables.required(execution, SERVER_ID) + " (cloud-init's fingerprints)";
    } else {
      throw new RequestRejected(CONFIRMED_FINGERPRINT, "Nothing confirmed the host key of " + host + ": known_hosts unchanged.");
    }
    HostKeyReplacement replacement;
    try {
      replacement = knownHosts.replaceHostKey(host, expected);
    } catch (IllegalArgumentException badForm) {
      throw new RequestRejected(CONFIRMED_FINGERPRINT, "'" + expected + "': " + badForm.getMessage());
    } catch (HostException e) {
      if (e.reason() != Reason.HOST_KEY_NOT_CONFIRMED) {
        throw e;
      }
      throw new RequestRejected(CONFIRMED_FINGERPRINT, "Host key not trusted: " + e.getMessage());
    }
    StepLog.info(
        LOG, execution, host, "known_hosts now trusts {} {} (was {}), confirmed by {}",
        replacement.keyType(), replacement.newFingerprint(), replacement.oldFingerprints(), trustedBy);
    execution.setVariable(HOST_KEY_OLD_FINGERPRINTS, String.join("\n", oldFingerprints(execution, replacement)));
    execution.setVariable(HOST_KEY_NEW_FINGERPRINT, replacement.newFingerprint());
    execution.setVariable(HOST_KEY_TRUSTED_BY, trustedBy);
    execution.setVariable(HOST_KEY_TRUSTED_AT, Instant.now().toString());
  }

  /**
   * What known_hosts held before: the entries the replacement removed; when a retried job finds its
   * own earlier replacement (only the new key), what the check step saw.
   */
  private static List<String> oldFingerprints(DelegateExecution execution, HostKeyReplacement replacement) {
    List<String> removed =
        replacement.oldFingerprints().stream().filter(f -> !f.equals(replacement.newFingerprint())).toList();
    if (!removed.isEmpty() || replacement.oldFingerprints().isEmpty()) {
      return removed;
    }
    String known = RunbookVariables.stringOr(execution, KNOWN_FINGERPRINTS, "");
    return known.isEmpty() ? List.of() : List.of(known.split("\n"));
  }
}
