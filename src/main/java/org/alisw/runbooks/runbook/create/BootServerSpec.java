package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.ENVIRONMENT;
import static org.alisw.runbooks.runbook.create.CreateVariables.FLAVOR;
import static org.alisw.runbooks.runbook.create.CreateVariables.HOSTGROUP;
import static org.alisw.runbooks.runbook.create.CreateVariables.IMAGE;
import static org.alisw.runbooks.runbook.create.CreateVariables.ROLE;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.ZONE;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.foreman.PuppetInitTemplate;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.ServerSpec;
import org.alisw.runbooks.openstack.VolumeSpec;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * What {@link BootServerDelegate} asks Nova for, from the instance's variables: the request's
 * rules again right before the boot, ai-bs's {@link ServerSpec}, and the check that a server Nova
 * returns is the one this step's boot made.
 */
final class BootServerSpec {

  /** The metadata key holding the step key of the boot that made the server. */
  static final String BOOT_METADATA_KEY = "runbook-boot-request";

  /** The rendered puppetinit for an environment: the template with Certmgr's host and port. */
  @FunctionalInterface
  interface UserData {
    String render(String environment);
  }

  private BootServerSpec() {}

  /** The puppetinit template rendered against the configured Certmgr. */
  static UserData puppetinit(PuppetInitTemplate template, URI certmgr) {
    int port = certmgr.getPort() > 0 ? certmgr.getPort() : 8008;
    return environment -> template.render(certmgr.getHost(), port, environment);
  }

  /**
   * The request's rules again (name, purpose or free zone, no foreign server or Foreman host of
   * that name, registered in Foreman by this runbook, the public key configured).
   *
   * @return the project to boot in
   */
  static String checkBeforeBoot(DelegateExecution execution, CreateRules rules, CloudPort cloud) {
    String hostname = RunbookVariables.required(execution, HOSTNAME);
    String project = rules.project(RunbookVariables.stringOr(execution, PROJECT, null));
    rules.checkRole(execution, RunbookVariables.stringOr(execution, ROLE, null), CreateRules.steps(cloud));
    rules.requireNameFree(project, hostname, CreateRules.steps(cloud), RegisterForemanHostDelegate.own(execution));
    if (execution.getVariable(CreateVariables.FOREMAN_HOST_ID) == null) {
      throw new RequestRejected(HOSTNAME, hostname + " is not registered in Foreman by this runbook: not booting it.");
    }
    rules.requirePublicKey();
    return project;
  }

  /**
   * ai-bs's boot: flavor, the latest image, the {@code alibuild} key, the zone, the landb main user
   * and responsible, the volume as {@code vdb}, the puppetinit user data, and this runbook instance
   * and boot request ({@code stepKey}) in the metadata.
   */
  static ServerSpec of(DelegateExecution execution, CreateRules rules, UserData userData, String stepKey) {
    String environment = RunbookVariables.required(execution, ENVIRONMENT);
    ServerSpec spec =
        new ServerSpec(
                RunbookVariables.required(execution, HOSTNAME),
                RunbookVariables.required(execution, FLAVOR),
                RunbookVariables.stringOr(execution, IMAGE, null),
                rules.settings().keypair().name(),
                RunbookVariables.stringOr(execution, ZONE, null),
                rules.settings().landbMainUser(),
                rules.settings().landbResponsible(),
                RunbookVariables.required(execution, HOSTGROUP),
                environment,
                Map.of(BOOT_METADATA_KEY, stepKey),
                execution.getProcessInstanceId())
            .withPuppetinit(userData.render(environment));
    VolumeSpec volume = ProvisionRequest.volume(execution);
    if (volume == null) {
      return spec;
    }
    return spec.withVolumes(List.of(
        new ServerSpec.BlockDevice(RunbookVariables.required(execution, VOLUME_ID), volume.device(), volume.deleteOnTermination())));
  }

  /** Refuses a server an earlier boot of this runbook left behind (another step key). */
  static void requireMadeBy(CloudServer server, String hostname, String stepKey) {
    String madeBy = server.metadata().get(BOOT_METADATA_KEY);
    if (madeBy != null && !madeBy.equals(stepKey)) {
      throw new RequestRejected(
          HOSTNAME, "Server " + hostname + " (" + server.id() + ") is left from this runbook's earlier boot " + madeBy
              + " (status " + server.status() + "): delete it before booting again.");
    }
  }
}
