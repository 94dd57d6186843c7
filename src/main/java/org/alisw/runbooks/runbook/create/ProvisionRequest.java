package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.BOOTS_REQUESTED;
import static org.alisw.runbooks.runbook.create.CreateVariables.ENVIRONMENT;
import static org.alisw.runbooks.runbook.create.CreateVariables.FLAVOR;
import static org.alisw.runbooks.runbook.create.CreateVariables.FOREMAN_HOST_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.HOSTGROUP;
import static org.alisw.runbooks.runbook.create.CreateVariables.IMAGE;
import static org.alisw.runbooks.runbook.create.CreateVariables.PROVISIONED;
import static org.alisw.runbooks.runbook.create.CreateVariables.ROLE;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME;
import static org.alisw.runbooks.runbook.create.CreateVariables.VOLUME_ID;

import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.VolumeSpec;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * provision-vm's inputs, whoever starts it: a role ({@code agent}, {@code master}) and its rules,
 * a configured project, the ai-bs settings, a valid volume, a free name. What the steps record for
 * themselves (the Foreman host, the boots made, the server and volume) starts empty: a caller cannot
 * hand a provisioning someone else's host to adopt.
 */
@Component("provisionRequest")
class ProvisionRequest implements RequestCheck {

  private final CreateRules rules;
  private final CloudLookup startLookup;

  ProvisionRequest(CreateRules rules, CloudLookup startLookup) {
    this.rules = rules;
    this.startLookup = startLookup;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String role = RunbookVariables.stringOr(execution, ROLE, null);
    rules.checkRole(execution, role, startLookup);
    String project = rules.project(RunbookVariables.stringOr(execution, PROJECT, null));
    for (String setting : new String[] {HOSTGROUP, ENVIRONMENT, FLAVOR}) {
      if (RunbookVariables.stringOr(execution, setting, null) == null) {
        throw new RequestRejected(setting, "provision-vm needs '" + setting + "' (ai-bs's setting of that name).");
      }
    }
    // Unknown ones would fail only at the boot, after the keypair, Foreman and Certmgr steps.
    String flavor = RunbookVariables.stringOr(execution, FLAVOR, null);
    if (!startLookup.flavorAvailable(project, flavor).orElse(true)) {
      throw new RequestRejected(FLAVOR, "No flavor '" + flavor + "' in OpenStack project " + project + ": check it with 'openstack flavor list'.");
    }
    String image = RunbookVariables.stringOr(execution, IMAGE, null);
    if (image != null && !startLookup.imageAvailable(project, image).orElse(true)) {
      throw new RequestRejected(IMAGE, "No image '" + image + "' (id, name or family) is available in OpenStack project "
          + project + ": check it with 'openstack image list'.");
    }
    VolumeSpec volume = volume(execution);
    execution.setVariable(VOLUME, volume == null ? null : volume.toString());
    rules.requirePublicKey();
    rules.requireNameFree(project, RunbookVariables.required(execution, HOSTNAME), startLookup, CreateRules.Own.NOTHING);
    for (String own : new String[] {FOREMAN_HOST_ID, BOOTS_REQUESTED, SERVER_ID, VOLUME_ID, PROVISIONED}) {
      execution.setVariable(own, null);
    }
  }

  /** The volume to create before the boot, or null for none. */
  static VolumeSpec volume(VariableScope variables) {
    String volume = RunbookVariables.stringOr(variables, VOLUME, null);
    if (volume == null) {
      return null;
    }
    try {
      return VolumeSpec.parse(volume);
    } catch (IllegalArgumentException e) {
      throw new RequestRejected(VOLUME, e.getMessage());
    }
  }
}
