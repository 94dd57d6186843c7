package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "Check on the Openstack Dashboard if the machine is up and running": Nova says ACTIVE. */
@Component("verifyMasterServer")
class CheckServerActiveDelegate extends MasterCheckDelegate {

  private final CloudPort cloud;

  CheckServerActiveDelegate(CloudPort cloud, VerifyMasterRequest request) {
    super(request);
    this.cloud = cloud;
  }

  @Override
  String name() {
    return "up and running in OpenStack";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String hostname = request.master(execution);
    return cloud.findServer(request.project(), hostname)
        .map(server -> server.isActive()
            ? CheckItem.passed(name(), "Nova reports " + hostname + " ACTIVE")
            : CheckItem.failed(name(), status(server),
                "Look at the server's console in the OpenStack dashboard; a hard reboot may bring it back (runbook reboot-server)."))
        .orElseGet(() -> CheckItem.failed(
            name(),
            "no server named " + hostname + " in OpenStack project " + request.project(),
            "Check 'openstack server list' in the project; a master that is gone must be created again (Creating a master)."));
  }

  private static String status(CloudServer server) {
    return "Nova reports " + server.name() + " " + server.status() + (server.fault() == null ? "" : ": " + server.fault());
  }

  @Override
  String whatToDo(String hostname, RuntimeException e) {
    return "OpenStack could not be asked: run the preflight (credentials, project) and try again.";
  }
}
