package org.alisw.runbooks.runbook.lifecycle;

import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.runbook.RequestFields;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The start check of delete-vm: "WHATEVER YOU DO, NEVER DELETE ALIBUILD03" (and the other hosts
 * configured), a reason ("ask yourself why you are deleting the VM"), a configured project and the
 * server in it. Its volumes are checked when the plan is frozen, before the approval, and again
 * right before each is deleted.
 */
@Component("deleteVmRequest")
class DeleteVmRequest implements RequestCheck {

  private final CloudLookup startLookup;
  private final LifecycleChecks checks;

  DeleteVmRequest(CloudLookup startLookup, LifecycleChecks checks) {
    this.startLookup = startLookup;
    this.checks = checks;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    checks.checkAtStart(execution, checks::deleteAllowed, "deleted", startLookup, RequestFields.CHECK_THE_NAME);
  }
}
