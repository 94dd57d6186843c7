package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.IMAGE;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.REBUILDS_REQUESTED;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.RebuildRequest;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.alisw.runbooks.runbook.guard.StepKey;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code ai-rebuild-vm --cc7 <host>}'s Nova part, right after checking again that the plan is the
 * approved one, that the host may be rebuilt, and that its name still names the planned server.
 * One rebuild per round ({@code <instance>/<round>}): a retried job does not rebuild twice, an
 * operator's "rebuild again" rebuilds again. The image is the plan's (an id), or the default
 * family's latest when the plan names none.
 */
@Component("rebuildServer")
class RebuildServerDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(RebuildServerDelegate.class);

  private final CloudPort cloud;
  private final LifecycleChecks checks;

  RebuildServerDelegate(CloudPort cloud, LifecycleChecks checks) {
    this.cloud = cloud;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> rebuild(execution));
  }

  private void rebuild(DelegateExecution execution) {
    ApprovedPlan plan = ApprovedPlan.checkPassed(execution, LifecycleVariables.REBUILD_PLAN_INPUTS);
    String hostname = plan.get(HOSTNAME);
    String project = plan.get(PROJECT);
    String serverId = plan.get(SERVER_ID);
    checks.rebuildAllowed(hostname);
    LifecycleChecks.sameServer(cloud, project, hostname, serverId);
    String image = plan.get(IMAGE) == null ? checks.defaultImageFamily() : plan.get(IMAGE);
    Object made = execution.getVariable(REBUILDS_REQUESTED);
    RebuildRequest request = new RebuildRequest(execution.getProcessInstanceId(), (made instanceof Number n ? n.intValue() : 0) + 1);
    LOG.info("runbook={} instance={} host={} rebuild {} with image {}",
        execution.getProcessDefinitionId(), execution.getProcessInstanceId(), hostname, request.key(), image);
    cloud.rebuildServer(project, serverId, image, request);
    StepKey.recordMade(execution, REBUILDS_REQUESTED);
  }
}
