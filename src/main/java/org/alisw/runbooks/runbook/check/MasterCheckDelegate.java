package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * One item of "Checklist to verify the status of a master" on {@code hostname}, checked again
 * (a valid, configured master) before the host is looked at.
 */
abstract class MasterCheckDelegate extends CheckDelegate {

  final VerifyMasterRequest request;

  MasterCheckDelegate(VerifyMasterRequest request) {
    this.request = request;
  }

  /** The item's name, as the guide's checklist says it. */
  abstract String name();

  /** What to do when the check threw {@code e} (the host refused, did not answer, ...). */
  abstract String whatToDo(String hostname, RuntimeException e);

  @Override
  final CheckItem failed(DelegateExecution execution, RuntimeException e) {
    if (e instanceof RequestRejected) {
      return CheckItem.failed(name(), message(e), "Start the checklist again with one of the configured masters.");
    }
    Object hostname = execution.getVariable("hostname");
    return CheckItem.failed(name(), message(e), whatToDo(hostname == null ? "the master" : hostname.toString(), e));
  }
}
