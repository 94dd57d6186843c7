package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.AGENT_TASKS;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.IMAGE;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.IMPORTANT_TASKS;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.REQUESTED_IMAGE;

import java.util.List;
import java.util.Map;
import org.alisw.runbooks.openstack.CloudImage;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.RequestFields;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Freezes what the rebuild will do, for the approver: the server (name, id, project, flavor, the
 * volumes that stay attached), the exact image (the latest of the family asked for, resolved now),
 * the tasks that will be interrupted and the commands. Runs the start checks again; stores the
 * resolved {@code serverId} and {@code image} (an id), which every later step compares with the plan.
 */
@Component("freezeRebuildPlan")
class FreezeRebuildPlanDelegate implements JavaDelegate {

  private final CloudPort cloud;
  private final LifecycleChecks checks;

  FreezeRebuildPlanDelegate(CloudPort cloud, LifecycleChecks checks) {
    this.cloud = cloud;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> freeze(execution));
  }

  private void freeze(DelegateExecution execution) {
    LifecycleChecks.Target target =
        checks.target(execution, checks::rebuildAllowed, null, cloud::findServer, RequestFields.ANY_MORE);
    String hostname = target.hostname();
    String project = target.project();
    CloudServer server = target.server();
    String requested = RunbookVariables.stringOr(execution, REQUESTED_IMAGE, null);
    CloudImage image = image(project, requested);
    Map<String, Object> plan = LifecyclePlan.begin("rebuild-agent", target);
    plan.put(IMAGE, image.id());
    plan.put("imageName", image.name());
    plan.put(REQUESTED_IMAGE, requested == null ? checks.defaultImageFamily() : requested);
    plan.put("flavor", server.flavorId());
    plan.put("volumesStayAttached", server.attachedVolumeIds());
    plan.put("tasksInterrupted", RunbookVariables.stringOr(execution, AGENT_TASKS, "not listed"));
    plan.put("importantTasksInterrupted", RunbookVariables.stringOr(execution, IMPORTANT_TASKS, "none"));
    List<String> commands = List.of(
        "Foreman: check that " + hostname + " is registered (nothing changed there)",
        "Certmgr: stage " + hostname + " for a new Puppet certificate",
        "ai-rebuild-vm -i " + image.id() + " " + hostname + "   (" + image.name() + "; root disk re-imaged, volumes stay)",
        "Roger: appstate build, alarms off",
        "verify-host: ping, ssh (new host key expected), puppet agent until no errors");
    execution.setVariable(IMAGE, image.id());
    LifecyclePlan.freeze(execution, plan, target, commands);
  }

  /**
   * The image with this id or exact name; otherwise the latest of the family of that alias, as
   * ai-rebuild-vm --cc7 picks it (none asked for: the default family).
   */
  private CloudImage image(String project, String requested) {
    if (requested != null) {
      for (CloudImage image : cloud.images(project)) {
        if (image.isActive() && (requested.equals(image.id()) || requested.equals(image.name()))) {
          return image;
        }
      }
    }
    return cloud.latestImage(project, requested)
        .orElseThrow(() -> new RequestRejected(IMAGE, "No image '" + (requested == null ? checks.defaultImageFamily() : requested)
            + "' (id, name or family) is available in OpenStack project " + project + "."));
  }
}
