package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.RequestRejected;
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
    String hostname = checks.hostname(execution);
    checks.deleteAllowed(hostname);
    String project = checks.project(execution);
    checks.reason(execution, "deleted");
    CloudServer server =
        startLookup.findServer(project, hostname)
            .orElseThrow(() -> new RequestRejected(HOSTNAME, "No server named " + hostname + " in OpenStack project " + project
                + ": check the name with 'openstack server list'."));
    execution.setVariable(PROJECT, project);
    execution.setVariable(SERVER_ID, server.id());
  }
}
