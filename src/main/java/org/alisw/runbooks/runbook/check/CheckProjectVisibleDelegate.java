package org.alisw.runbooks.runbook.check;

import java.util.List;
import org.alisw.runbooks.openstack.CloudAuthenticationException;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudRejectedException;
import org.alisw.runbooks.openstack.CloudServer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "openstack server list: list the machines in the project": the project is visible. */
@Component("preflightProjectVisible")
class CheckProjectVisibleDelegate extends PreflightCheckDelegate {

  private final CloudPort cloud;

  CheckProjectVisibleDelegate(CloudPort cloud, PreflightRequest request) {
    super(request);
    this.cloud = cloud;
  }

  @Override
  String what() {
    return "project visible (openstack server list)";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    List<CloudServer> servers = cloud.servers(project(execution));
    return CheckItem.passed(name(execution), "openstack server list shows " + servers.size() + " servers");
  }

  @Override
  String whatToDo(DelegateExecution execution, RuntimeException e) {
    if (e instanceof CloudAuthenticationException) {
      return "Fix the credentials first (check '" + execution.getVariable("project") + ": credentials authenticate').";
    }
    if (e instanceof CloudRejectedException) {
      return "Ask to become member of the " + request.settings().openstackEgroup()
          + " egroup (egroups.cern.ch): it gives the OpenStack rights on the project.";
    }
    return super.whatToDo(execution, e);
  }
}
