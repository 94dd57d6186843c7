package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.openstack.CloudPort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "openstack keypair create --public-key alibuild.pub alibuild": the keypair ai-bs injects exists. */
@Component("preflightKeypair")
class CheckKeypairDelegate extends PreflightCheckDelegate {

  private final CloudPort cloud;

  CheckKeypairDelegate(CloudPort cloud, PreflightRequest request) {
    super(request);
    this.cloud = cloud;
  }

  @Override
  String what() {
    return "keypair " + request.settings().keypair();
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String keypair = request.settings().keypair();
    return cloud.keypair(project(execution), keypair)
        .map(k -> CheckItem.passed(name(execution), "exists (fingerprint " + k.fingerprint() + ")"))
        .orElseGet(() -> CheckItem.failed(
            name(execution),
            "no keypair " + keypair + " for this user",
            "Add it as the guide says: openstack keypair create --public-key " + keypair + ".pub " + keypair + "."));
  }
}
