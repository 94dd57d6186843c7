package org.alisw.runbooks.runbook.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.openstack.CloudImage;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Freezes the fleet plan the approver sees: the list of hosts in order, the project, k, the exact
 * image (the latest of the default family, resolved now, the same for every host), the reason, the
 * requester and the commands each host goes through. Runs the start checks again against one
 * listing of the project's servers. The list cannot change afterwards: every slot takes its host
 * from the approved plan, whose SHA-256 it checks first.
 */
@Component("fleetFreezePlan")
class FleetFreezePlanDelegate implements JavaDelegate {

  /** Camunda keeps at most 4000 characters in a text variable. */
  static final int PLAN_LIMIT = 4000;

  private final CloudPort cloud;
  private final FleetRules rules;

  FleetFreezePlanDelegate(CloudPort cloud, FleetRules rules) {
    this.cloud = cloud;
    this.rules = rules;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> freeze(execution));
  }

  private void freeze(DelegateExecution execution) {
    List<String> hosts = rules.hosts(execution, FleetVariables.FLEET_HOSTS);
    String project = rules.project(execution);
    int k = rules.parallelism(execution);
    rules.agentsKnown(hosts, project, cloud.servers(project));
    CloudImage image = cloud.latestImage(project, null)
        .orElseThrow(() -> new RequestRejected(FleetVariables.IMAGE, "No image of the default family is available in OpenStack project " + project + "."));
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("runbook", "rebuild-agents");
    plan.put(Variables.PROJECT, project);
    plan.put(FleetVariables.FLEET_HOSTS, FleetHosts.join(hosts));
    plan.put("hostCount", hosts.size());
    plan.put(FleetVariables.PARALLELISM, k);
    plan.put(FleetVariables.IMAGE, image.id());
    plan.put("imageName", image.name());
    plan.put("requestedBy", execution.getVariable(Variables.INITIATOR));
    plan.put(Variables.REASON, rules.reason(execution));
    plan.put("eachHost", List.of(
        "Mesos: list its tasks; a task of an important framework means it is NOT rebuilt (reported, rebuild it alone with rebuild-agent after asking)",
        "Foreman: check that it is registered (nothing changed there)",
        "Certmgr: stage it for a new Puppet certificate",
        "ai-rebuild-vm -i " + image.id() + " <host>   (" + image.name() + "; root disk re-imaged, volumes stay)",
        "Roger: appstate build, alarms off",
        "verify-host: ping, ssh (new host key expected), puppet agent until no errors",
        "a host that fails or needs an operator goes to its own report task; the others go on"));
    plan.put("atMostAtOnce", k + " hosts");
    String text = FrozenPlan.toJson(plan);
    if (text.length() > PLAN_LIMIT) {
      throw new RequestRejected(FleetVariables.HOSTS, "The plan for " + hosts.size() + " hosts is " + text.length()
          + " characters, more than the " + PLAN_LIMIT + " a runbook variable holds: split the list.");
    }
    execution.setVariable(FleetVariables.IMAGE, image.id());
    execution.setVariable(FleetVariables.PARALLELISM, k);
    FrozenPlan.freeze(execution, plan);
  }
}
