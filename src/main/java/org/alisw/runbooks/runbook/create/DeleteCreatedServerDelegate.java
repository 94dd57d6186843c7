package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.Variables.SERVER_STATUS;

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
 * "Delete everything this runbook created", the server: the one recorded in {@code serverId}, or
 * (when the boot job died before recording it) the server of that name whose metadata names this
 * runbook instance. Only a server carrying this instance id is deleted; a server already gone is
 * fine ({@code serverStatus} = DELETED, no wait).
 */
@Component("deleteCreatedServer")
class DeleteCreatedServerDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteCreatedServerDelegate.class);

  private final CloudPort cloud;

  DeleteCreatedServerDelegate(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String project = RunbookVariables.required(execution, PROJECT);
      String hostname = RunbookVariables.required(execution, HOSTNAME);
      String serverId = RunbookVariables.stringOr(execution, SERVER_ID, null);
      String instance = execution.getProcessInstanceId();
      Optional<CloudServer> server =
          serverId != null
              ? cloud.server(project, serverId)
              : cloud.findServer(project, hostname).filter(s -> instance.equals(s.createdByInstance()));
      if (server.isEmpty()) {
        execution.setVariable(SERVER_STATUS, ReadNewServerStatusDelegate.DELETED);
        ProvisionSteps.log(LOG, execution, hostname, "no server of this runbook to delete");
        return;
      }
      if (!instance.equals(server.get().createdByInstance())) {
        throw new RequestRejected(SERVER_ID, "Server " + server.get().id() + " was not created by this runbook ("
            + server.get().createdByInstance() + "): not deleting it.");
      }
      cloud.deleteServer(project, server.get().id());
      execution.setVariable(SERVER_ID, server.get().id());
      execution.setVariable(SERVER_STATUS, server.get().status());
      ProvisionSteps.log(LOG, execution, hostname, "deleted server {} (clean-up)", server.get().id());
    });
  }
}
