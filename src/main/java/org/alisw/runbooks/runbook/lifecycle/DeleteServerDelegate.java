package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;

import java.util.Optional;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * ai-kill's Nova part, on the planned server id, after checking again the approval, the protected
 * hosts, and that this id is still the server of that name. A server already gone is fine.
 */
@Component("deleteServer")
class DeleteServerDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteServerDelegate.class);

  private final CloudPort cloud;
  private final LifecycleChecks checks;

  DeleteServerDelegate(CloudPort cloud, LifecycleChecks checks) {
    this.cloud = cloud;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> {
      ApprovedPlan plan = ApprovedPlan.check(execution, LifecycleVariables.DELETE_PLAN_INPUTS);
      String hostname = plan.get(HOSTNAME);
      checks.deleteAllowed(hostname);
      Optional<CloudServer> server = cloud.server(plan.get(PROJECT), plan.get(SERVER_ID));
      if (server.isPresent() && !hostname.equals(server.get().name())) {
        throw new RequestRejected(HOSTNAME, "Server " + plan.get(SERVER_ID) + " is now named " + server.get().name()
            + ", not " + hostname + ": refusing to delete it.");
      }
      LOG.info("runbook={} instance={} host={} deleting server {}", execution.getProcessDefinitionId(),
          execution.getProcessInstanceId(), hostname, plan.get(SERVER_ID));
      cloud.deleteServer(plan.get(PROJECT), plan.get(SERVER_ID));
    });
  }
}
