package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.BOOTS_REQUESTED;
import static org.alisw.runbooks.runbook.create.CreateVariables.ENVIRONMENT;
import static org.alisw.runbooks.runbook.create.CreateVariables.FLAVOR;
import static org.alisw.runbooks.runbook.create.CreateVariables.HOSTGROUP;
import static org.alisw.runbooks.runbook.create.CreateVariables.IMAGE;
import static org.alisw.runbooks.runbook.create.CreateVariables.ROLE;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.ZONE;

import java.util.List;
import java.util.Map;
import org.alisw.runbooks.certmgr.CertmgrProperties;
import org.alisw.runbooks.foreman.PuppetInitTemplate;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.ServerSpec;
import org.alisw.runbooks.openstack.VolumeSpec;
import org.alisw.runbooks.runbook.RequestRejected;
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
 * ai-bs's Nova boot: flavor, the latest image, the {@code alibuild} key, the zone, the landb main
 * user and responsible, the volume as {@code vdb}, the puppetinit user data, and this runbook
 * instance and boot request in the metadata. Right before it, the request's rules run again (name,
 * purpose or free zone, no foreign server or Foreman host of that name).
 */
@Component("bootServer")
class BootServerDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(BootServerDelegate.class);
  static final String STEP = "boot";
  /** The metadata key holding the step key of the boot that made the server. */
  static final String BOOT_METADATA_KEY = "runbook-boot-request";

  private final CloudPort cloud;
  private final CreateRules rules;
  private final UserData userData;

  /** The rendered puppetinit for an environment: the template with Certmgr's host and port. */
  @FunctionalInterface
  interface UserData {
    String render(String environment);
  }

  @Autowired
  BootServerDelegate(CloudPort cloud, CreateRules rules, PuppetInitTemplate template, CertmgrProperties certmgr) {
    this(cloud, rules, puppetinit(template, certmgr.getUrl()));
  }

  BootServerDelegate(CloudPort cloud, CreateRules rules, UserData userData) {
    this.cloud = cloud;
    this.rules = rules;
    this.userData = userData;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> boot(execution));
  }

  private void boot(DelegateExecution execution) {
    String hostname = RunbookVariables.required(execution, HOSTNAME);
    String project = rules.project(RunbookVariables.stringOr(execution, PROJECT, null));
    rules.checkRole(execution, RunbookVariables.stringOr(execution, ROLE, null), CreateRules.steps(cloud));
    rules.requireNameFree(project, hostname, CreateRules.steps(cloud), RegisterForemanHostDelegate.own(execution));
    if (execution.getVariable(CreateVariables.FOREMAN_HOST_ID) == null) {
      throw new RequestRejected(HOSTNAME, hostname + " is not registered in Foreman by this runbook: not booting it.");
    }
    rules.requirePublicKey();
    String key = StepKey.next(execution, STEP, BOOTS_REQUESTED);
    String environment = RunbookVariables.required(execution, ENVIRONMENT);
    ServerSpec spec =
        new ServerSpec(
                hostname,
                RunbookVariables.required(execution, FLAVOR),
                RunbookVariables.stringOr(execution, IMAGE, null),
                rules.settings().keypair().name(),
                RunbookVariables.stringOr(execution, ZONE, null),
                rules.settings().landbMainUser(),
                rules.settings().landbResponsible(),
                RunbookVariables.required(execution, HOSTGROUP),
                environment,
                Map.of(BOOT_METADATA_KEY, key),
                execution.getProcessInstanceId())
            .withPuppetinit(userData.render(environment));
    VolumeSpec volume = ProvisionRequest.volume(execution);
    if (volume != null) {
      spec = spec.withVolumes(List.of(
          new ServerSpec.BlockDevice(RunbookVariables.required(execution, VOLUME_ID), volume.device(), volume.deleteOnTermination())));
    }
    CloudServer server = cloud.createServer(project, spec);
    String madeBy = server.metadata().get(BOOT_METADATA_KEY);
    if (madeBy != null && !madeBy.equals(key)) {
      throw new RequestRejected(
          HOSTNAME, "Server " + hostname + " (" + server.id() + ") is left from this runbook's earlier boot " + madeBy
              + " (status " + server.status() + "): delete it before booting again.");
    }
    execution.setVariable(SERVER_ID, server.id());
    StepKey.recordMade(execution, BOOTS_REQUESTED);
    ProvisionSteps.log(LOG, execution, hostname, "boot {} requested: server {} ({}, zone {})",
        key, server.id(), server.status(), server.availabilityZone());
  }

  /** The puppetinit template rendered against the configured Certmgr. */
  static UserData puppetinit(PuppetInitTemplate template, java.net.URI certmgr) {
    int port = certmgr.getPort() > 0 ? certmgr.getPort() : 8008;
    return environment -> template.render(certmgr.getHost(), port, environment);
  }
}
