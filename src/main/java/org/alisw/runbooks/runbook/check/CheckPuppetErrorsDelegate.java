package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ConfigurationStatus;
import org.alisw.runbooks.foreman.ForemanException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "Check in Foreman if there are any puppet errors": the host's configuration status. */
@Component("verifyMasterPuppet")
class CheckPuppetErrorsDelegate extends MasterCheckDelegate {

  private final ConfigManagementPort foreman;

  CheckPuppetErrorsDelegate(ConfigManagementPort foreman, VerifyMasterRequest request) {
    super(request);
    this.foreman = foreman;
  }

  @Override
  String name() {
    return "no puppet errors in Foreman";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String hostname = request.master(execution);
    ConfigurationStatus status = foreman.configurationStatus(hostname);
    if (status.isError()) {
      return CheckItem.failed(
          name(),
          "Foreman's configuration status of " + hostname + " is " + status.label(),
          "Open the host's last report in Foreman, fix the failing resources, and run puppet agent -t -v on it until it reports no errors.");
    }
    return CheckItem.passed(name(), "Foreman's configuration status is " + status.label());
  }

  @Override
  String whatToDo(String hostname, RuntimeException e) {
    if (e instanceof ForemanException f && f.status() == 404) {
      return "Foreman does not know " + hostname + ": it must be registered in hostgroup alibuild/mesos/master (Creating a master).";
    }
    return "Foreman could not be asked: check runbooks.foreman.url and the credentials (run the preflight).";
  }
}
