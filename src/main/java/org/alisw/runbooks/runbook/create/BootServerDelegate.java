package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.BOOTS_REQUESTED;

import org.alisw.runbooks.certmgr.CertmgrProperties;
import org.alisw.runbooks.foreman.PuppetInitTemplate;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepKey;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * ai-bs's Nova boot ({@link BootServerSpec}), keyed on this step: right before it, the request's
 * rules run again (name, purpose or free zone, no foreign server or Foreman host of that name).
 */
@Component("bootServer")
class BootServerDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(BootServerDelegate.class);
  static final String STEP = "boot";

  private final CloudPort cloud;
  private final CreateRules rules;
  private final BootServerSpec.UserData userData;

  @Autowired
  BootServerDelegate(CloudPort cloud, CreateRules rules, PuppetInitTemplate template, CertmgrProperties certmgr) {
    this(cloud, rules, BootServerSpec.puppetinit(template, certmgr.getUrl()));
  }

  BootServerDelegate(CloudPort cloud, CreateRules rules, BootServerSpec.UserData userData) {
    this.cloud = cloud;
    this.rules = rules;
    this.userData = userData;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> boot(execution));
  }

  private void boot(DelegateExecution execution) {
    String project = BootServerSpec.checkBeforeBoot(execution, rules, cloud);
    String hostname = RunbookVariables.required(execution, HOSTNAME);
    String key = StepKey.next(execution, STEP, BOOTS_REQUESTED);
    CloudServer server = cloud.createServer(project, BootServerSpec.of(execution, rules, userData, key));
    BootServerSpec.requireMadeBy(server, hostname, key);
    execution.setVariable(SERVER_ID, server.id());
    StepKey.recordMade(execution, BOOTS_REQUESTED);
    ProvisionSteps.log(LOG, execution, hostname, "boot {} requested: server {} ({}, zone {})",
        key, server.id(), server.status(), server.availabilityZone());
  }
}
