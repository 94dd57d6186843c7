package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_PROBLEM;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_STATUS;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_TYPE;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.KNOWN_FINGERPRINTS;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PRESENTED_FINGERPRINT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.SSH_DETAIL;

import java.util.Set;
import org.alisw.runbooks.host.HostException;
import org.alisw.runbooks.host.HostException.Reason;
import org.alisw.runbooks.host.HostKeyCheck;
import org.alisw.runbooks.host.HostKeyStatus;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Looks at the key the host presents and compares it with known_hosts, trusting nothing. A host
 * whose SSH daemon does not answer yet reads as {@code UNREACHABLE} (the timer loop tries again).
 * When the caller expects the key unchanged (a reboot) and it is not the known one, the BPMN error
 * {@value #HOST_KEY_CHANGED} hands it to an operator: such a key is never re-trusted here.
 */
@Component("checkHostKey")
class CheckHostKeyDelegate implements JavaDelegate {

  static final String HOST_KEY_CHANGED = "HOST_KEY_CHANGED";
  static final String UNREACHABLE = "UNREACHABLE";
  private static final Set<Reason> NOT_YET = Set.of(Reason.CONNECTION_FAILED, Reason.TIMEOUT, Reason.SSH_ERROR);
  private static final Logger LOG = LoggerFactory.getLogger(CheckHostKeyDelegate.class);

  private final KnownHosts knownHosts;
  private final VerifyHostRequest request;

  CheckHostKeyDelegate(KnownHosts knownHosts, VerifyHostRequest request) {
    this.knownHosts = knownHosts;
    this.request = request;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> check(execution));
  }

  private void check(DelegateExecution execution) {
    String host = request.checkBeforeStep(execution);
    HostKeyChange expected = request.hostKeyChange(execution);
    HostKeyCheck check;
    try {
      check = knownHosts.checkHostKey(host);
    } catch (HostException e) {
      if (!NOT_YET.contains(e.reason())) {
        throw e;
      }
      StepLog.info(LOG, execution, host, "host key not readable yet: {}", e.getMessage());
      execution.setVariable(HOST_KEY_STATUS, UNREACHABLE);
      execution.setVariable(SSH_DETAIL, Texts.kept(e.getMessage(), 1000));
      return;
    }
    StepLog.info(
        LOG, execution, host, "presents {} {}: {} (expected {})",
        check.keyType(), check.presentedFingerprint(), check.status(), expected.value());
    execution.setVariable(HOST_KEY_STATUS, check.status().name());
    execution.setVariable(HOST_KEY_TYPE, check.keyType());
    execution.setVariable(PRESENTED_FINGERPRINT, check.presentedFingerprint());
    execution.setVariable(KNOWN_FINGERPRINTS, String.join("\n", check.knownFingerprints()));
    if (check.status() != HostKeyStatus.TRUSTED && !expected.mayTrustANewKey()) {
      String problem =
          host + " presents the " + check.keyType() + " key " + check.presentedFingerprint() + ", which known_hosts ("
              + check.knownHostsName() + ") does not hold"
              + (check.knownFingerprints().isEmpty() ? "" : ": it holds " + check.knownFingerprints())
              + ". The machine was only rebooted, so its key should not have changed: someone may be in the"
              + " middle, or the disk was replaced. Not trusted; investigate before going on.";
      LOG.warn("runbook={} instance={} host={} {}", execution.getProcessDefinitionId(), execution.getProcessInstanceId(), host, problem);
      execution.setVariable(HOST_KEY_PROBLEM, problem);
      throw new BpmnError(HOST_KEY_CHANGED, problem);
    }
  }
}
