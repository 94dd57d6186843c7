package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;

import org.alisw.runbooks.openstack.CloudKeypair;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code openstack keypair create --public-key alibuild.pub alibuild}, when absent; a keypair of
 * that name holding another key is refused (409) and goes to an operator.
 */
@Component("ensureAlibuildKeypair")
class EnsureKeypairDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(EnsureKeypairDelegate.class);

  private final CloudPort cloud;
  private final CreateRules rules;

  EnsureKeypairDelegate(CloudPort cloud, CreateRules rules) {
    this.cloud = cloud;
    this.rules = rules;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      rules.requirePublicKey();
      CreateProperties.Keypair keypair = rules.settings().keypair();
      CloudKeypair result =
          cloud.ensureKeypair(RunbookVariables.required(execution, PROJECT), keypair.name(), keypair.publicKey().trim());
      ProvisionSteps.log(LOG, execution, RunbookVariables.required(execution, HOSTNAME),
          "keypair {} {} ({})", result.name(), result.created() ? "imported" : "present", result.fingerprint());
    });
  }
}
