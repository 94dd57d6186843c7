package org.alisw.runbooks.runbook.check;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.alisw.runbooks.openstack.CloudFlavor;
import org.alisw.runbooks.openstack.CloudPort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "openstack flavor list": the flavors the guide boots with are available. */
@Component("preflightFlavors")
class CheckFlavorsDelegate extends PreflightCheckDelegate {

  private final CloudPort cloud;

  CheckFlavorsDelegate(CloudPort cloud, PreflightRequest request) {
    super(request);
    this.cloud = cloud;
  }

  @Override
  String what() {
    return "flavors " + String.join(", ", request.settings().flavors());
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String project = project(execution);
    Set<String> available = cloud.flavors(project).stream().map(CloudFlavor::name).collect(Collectors.toSet());
    List<String> missing = request.settings().flavors().stream().filter(f -> !available.contains(f)).toList();
    if (missing.isEmpty()) {
      return CheckItem.passed(name(execution), "all " + request.settings().flavors().size() + " available");
    }
    return CheckItem.failed(
        name(execution),
        "missing: " + String.join(", ", missing),
        "Ask the CERN cloud team for access to " + String.join(", ", missing) + " in " + request.projectName(project)
            + ", or correct runbooks.preflight.flavors.");
  }
}
