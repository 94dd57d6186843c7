package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.verify.VerifyVariables.CONFIRMED_FINGERPRINT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PRESENTED_FINGERPRINT;

import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Completing "Confirm the new host key" is refused unless the fingerprint the operator typed (from
 * the VM's console, verified by them) is the one the host presents: the task stays open, known_hosts
 * is not touched. The trust step checks again against the host itself.
 */
@Component("confirmedFingerprintCheck")
class ConfirmedFingerprintCheck implements TaskListener {

  static final String DECISION = "decision";

  private static final Logger LOG = LoggerFactory.getLogger(ConfirmedFingerprintCheck.class);

  @Override
  public void notify(DelegateTask task) {
    if (!"trust".equals(task.getVariable(DECISION))) {
      return; // giving up trusts nothing
    }
    Object typed = task.getVariable(CONFIRMED_FINGERPRINT);
    Object presented = task.getVariable(PRESENTED_FINGERPRINT);
    String confirmed = typed == null ? "" : ConsoleFingerprints.canonical(typed.toString());
    if (presented == null || !confirmed.equals(ConsoleFingerprints.canonical(presented.toString()))) {
      String user = HostKeyAudit.userOf(task.getProcessEngineServices().getIdentityService().getCurrentAuthentication());
      LOG.warn(
          "runbook={} instance={} task={} user={}: host key confirmation refused: typed {}, host presents {}",
          task.getProcessDefinitionId(), task.getProcessInstanceId(), task.getTaskDefinitionKey(), user, typed, presented);
      throw new RequestRejected(
          CONFIRMED_FINGERPRINT,
          "The fingerprint '" + typed + "' is not the one the host presents (" + presented + "):"
              + " known_hosts unchanged. Compare with the VM's console again; if they differ, do not trust this host.");
    }
  }
}
