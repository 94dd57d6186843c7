package org.alisw.runbooks.runbook.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.CloudVolume;
import org.alisw.runbooks.runbook.RequestFields;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Freezes what the delete will do, for the approver: the server (name, id, project, flavor,
 * image), the volumes attached now that will be deleted after it, and ai-kill's commands. Refuses a
 * protected host and any volume attached to or named after a protected host.
 */
@Component("freezeDeletePlan")
class FreezeDeletePlanDelegate implements JavaDelegate {

  private final CloudPort cloud;
  private final LifecycleChecks checks;

  FreezeDeletePlanDelegate(CloudPort cloud, LifecycleChecks checks) {
    this.cloud = cloud;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> freeze(execution));
  }

  private void freeze(DelegateExecution execution) {
    LifecycleChecks.Target target =
        checks.target(execution, checks::deleteAllowed, null, cloud::findServer, RequestFields.ANY_MORE);
    String hostname = target.hostname();
    String project = target.project();
    CloudServer server = target.server();
    List<Map<String, Object>> volumes = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    commands.add("ai-kill " + hostname + "   (Nova delete of server " + server.id() + ", Roger disabled with alarms off, Foreman host deleted)");
    for (CloudVolume volume : cloud.volumesOf(project, server.id())) {
      VolumeRules.requireDeletable(checks, volume, id -> id.equals(server.id()) ? hostname : null);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", volume.id());
      v.put("name", volume.name());
      v.put("sizeGb", volume.sizeGb());
      v.put("type", volume.type());
      volumes.add(v);
      commands.add("openstack volume delete " + volume.id() + "   (" + volume.name() + ", " + volume.sizeGb() + " GB, once available)");
    }
    Map<String, Object> plan = LifecyclePlan.begin("delete-vm", target);
    plan.put("flavor", server.flavorId());
    plan.put("image", server.imageId());
    plan.put("volumesToDelete", volumes);
    LifecyclePlan.freeze(execution, plan, target, commands);
  }
}
