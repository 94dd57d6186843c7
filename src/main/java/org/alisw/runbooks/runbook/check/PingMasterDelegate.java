package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.host.PingResult;
import org.alisw.runbooks.host.Reachability;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "Ping the machine." */
@Component("verifyMasterPing")
class PingMasterDelegate extends MasterCheckDelegate {

  private final Reachability reachability;

  PingMasterDelegate(Reachability reachability, VerifyMasterRequest request) {
    super(request);
    this.reachability = reachability;
  }

  @Override
  String name() {
    return "answers ping";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    PingResult ping = reachability.ping(request.master(execution));
    String seen = ping.received() + "/" + ping.sent() + " answered (" + ping.method() + " " + ping.target() + ")"
        + (ping.averageRttMillis() == null ? "" : ", average " + ping.averageRttMillis() + " ms");
    if (ping.reachable()) {
      return CheckItem.passed(name(), seen);
    }
    return CheckItem.failed(
        name(),
        seen + (ping.detail() == null || ping.detail().isBlank() ? "" : ": " + ping.detail()),
        "The machine does not answer on the network: look at its console in the OpenStack dashboard.");
  }

  @Override
  String whatToDo(String hostname, RuntimeException e) {
    return "The ping itself could not run on this node: check runbooks.hosts.ping (command, permissions).";
  }
}
