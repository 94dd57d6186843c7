package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.verify.VerifyVariables.CONFIRMED_FINGERPRINT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_CHANGE;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_NEW_FINGERPRINT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_OLD_FINGERPRINTS;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_REPLACEMENTS_MADE;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_TRUSTED_AT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_TRUSTED_BY;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.KNOWN_FINGERPRINTS;

import java.time.Instant;
import java.util.List;
import org.alisw.runbooks.host.HostException;
import org.alisw.runbooks.host.HostException.Reason;
import org.alisw.runbooks.host.HostKeyReplacement;
import org.alisw.runbooks.host.HostKeyTrust;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepKey;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Trusts the new host key of a created or rebuilt VM, and only the confirmed one ({@link
 * TrustHostKeyConfirmation}). {@link KnownHosts#replaceHostKey} connects again, refuses when the
 * host now presents another key (that refusal goes back to the operator) and writes the key with
 * its audit record, keyed on this step; the record (old and new fingerprints, who or what
 * confirmed, when) also stays in history.
 */
@Component("trustHostKey")
class TrustHostKeyDelegate implements JavaDelegate {

  private static final String STEP = "trustHostKey";
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
    TrustHostKeyConfirmation confirmation = TrustHostKeyConfirmation.of(execution, host);
    HostKeyTrust trust =
        new HostKeyTrust(confirmation.trustedBy(), StepKey.next(execution, STEP, HOST_KEY_REPLACEMENTS_MADE));
    HostKeyReplacement replacement = replace(host, confirmation.expectedFingerprint(), trust);
    StepKey.recordMade(execution, HOST_KEY_REPLACEMENTS_MADE);
    StepLog.info(
        LOG, execution, host, "known_hosts now trusts {} {} (was {}), confirmed by {}",
        replacement.keyType(), replacement.newFingerprint(), replacement.oldFingerprints(), trust.trustedBy());
    String known = RunbookVariables.stringOr(execution, KNOWN_FINGERPRINTS, "");
    List<String> seenByCheck = known.isEmpty() ? List.of() : List.of(known.split("\n"));
    execution.setVariable(HOST_KEY_OLD_FINGERPRINTS, String.join("\n", replacement.trustedBefore(seenByCheck)));
    execution.setVariable(HOST_KEY_NEW_FINGERPRINT, replacement.newFingerprint());
    execution.setVariable(HOST_KEY_TRUSTED_BY, trust.trustedBy());
    execution.setVariable(HOST_KEY_TRUSTED_AT, Instant.now().toString());
  }

  /** The one port call; a malformed or unconfirmed fingerprint goes back to the operator. */
  private HostKeyReplacement replace(String host, String expected, HostKeyTrust trust) {
    try {
      return knownHosts.replaceHostKey(host, expected, trust);
    } catch (IllegalArgumentException badForm) {
      throw new RequestRejected(CONFIRMED_FINGERPRINT, "'" + expected + "': " + badForm.getMessage());
    } catch (HostException e) {
      if (e.reason() != Reason.HOST_KEY_NOT_CONFIRMED) {
        throw e;
      }
      throw new RequestRejected(CONFIRMED_FINGERPRINT, "Host key not trusted: " + e.getMessage());
    }
  }
}
