package org.alisw.runbooks.runbook;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_FAULT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.Variables.SERVER_STATUS;

import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * One look at the server's status, for the timer loop that waits for ACTIVE. A server that vanished
 * reads as {@code DELETED}; a refused read goes to the operator ({@link StepRefusal}).
 */
@Component("readServerStatus")
public class ReadServerStatusDelegate implements JavaDelegate {

  static final String DELETED = "DELETED";

  private final CloudPort cloud;

  public ReadServerStatusDelegate(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> read(execution));
  }

  private void read(DelegateExecution execution) {
    String project = RunbookVariables.required(execution, PROJECT);
    Optional<CloudServer> server =
        cloud.server(project, RunbookVariables.required(execution, SERVER_ID));
    execution.setVariable(SERVER_STATUS, server.map(CloudServer::status).orElse(DELETED));
    execution.setVariable(
        SERVER_FAULT,
        server.map(CloudServer::fault).orElse(server.isEmpty() ? "The server no longer exists." : null));
  }
}
