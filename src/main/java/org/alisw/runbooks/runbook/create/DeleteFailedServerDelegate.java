package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Delete what was created and retry": deletes the server this provisioning booted, only if its
 * metadata says this runbook instance created it; a server already gone is fine. The volume, the
 * Foreman host and the Certmgr staging stay: the next boot adopts them.
 */
@Component("deleteFailedServer")
class DeleteFailedServerDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteFailedServerDelegate.class);

  private final CloudPort cloud;

  DeleteFailedServerDelegate(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String project = RunbookVariables.required(execution, PROJECT);
      String serverId = RunbookVariables.required(execution, SERVER_ID);
      Optional<CloudServer> server = cloud.server(project, serverId);
      if (server.isPresent() && !execution.getProcessInstanceId().equals(server.get().createdByInstance())) {
        throw new RequestRejected(
            SERVER_ID, "Server " + serverId + " was not created by this runbook (" + server.get().createdByInstance()
                + "): not deleting it.");
      }
      cloud.deleteServer(project, serverId);
      ProvisionSteps.log(LOG, execution, RunbookVariables.required(execution, HOSTNAME),
          "deleted the failed server {} to boot again", serverId);
    });
  }
}
