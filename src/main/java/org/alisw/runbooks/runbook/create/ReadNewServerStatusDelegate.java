package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_FAULT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.Variables.SERVER_STATUS;

import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look at the server this provisioning booted, for the timer loops that wait until it is
 * ACTIVE (or, after "delete and retry", gone): {@code serverStatus} is Nova's status, {@code
 * DELETED} once it is gone.
 */
@Component("readNewServerStatus")
class ReadNewServerStatusDelegate implements JavaDelegate {

  static final String DELETED = "DELETED";

  private final CloudPort cloud;

  ReadNewServerStatusDelegate(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      Optional<CloudServer> server =
          cloud.server(RunbookVariables.required(execution, PROJECT), RunbookVariables.required(execution, SERVER_ID));
      execution.setVariable(SERVER_STATUS, server.map(CloudServer::status).orElse(DELETED));
      execution.setVariable(SERVER_FAULT, server.map(CloudServer::fault).orElse(null));
    });
  }
}
