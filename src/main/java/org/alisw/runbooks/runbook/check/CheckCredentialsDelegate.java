package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.openstack.CloudLogin;
import org.alisw.runbooks.openstack.CloudPort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "eval $(ai-rc ...)": the project's credentials still get a token from Keystone. */
@Component("preflightCredentials")
class CheckCredentialsDelegate extends PreflightCheckDelegate {

  private final CloudPort cloud;

  CheckCredentialsDelegate(CloudPort cloud, PreflightRequest request) {
    super(request);
    this.cloud = cloud;
  }

  @Override
  String what() {
    return "credentials authenticate";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    CloudLogin login = cloud.authenticate(project(execution));
    return CheckItem.passed(
        name(execution),
        "Keystone gave user " + login.userName() + " a token for project '" + login.projectName() + "'"
            + (login.expiresAt() == null ? "" : ", valid until " + login.expiresAt()));
  }
}
