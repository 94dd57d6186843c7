package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.create.CreateVariables.ENVIRONMENT;
import static org.alisw.runbooks.runbook.create.CreateVariables.FOREMAN_HOST_ID;
import static org.alisw.runbooks.runbook.create.CreateVariables.HOSTGROUP;
import static org.alisw.runbooks.runbook.create.CreateVariables.ROLE;

import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.foreman.ForemanHost;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * ai-bs's Foreman host pre-creation ({@code -g HOSTGROUP --foreman-environment ENV}), after the
 * request's rules ran again: only a host this runbook registered itself may carry the name. The
 * host's Foreman {@code comment} carries {@code runbook-instance-id=<instance>}, so a retry after a
 * job that died once Foreman had accepted the host adopts it; a host without the marker is refused.
 */
@Component("registerForemanHost")
class RegisterForemanHostDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(RegisterForemanHostDelegate.class);

  private final ConfigManagementPort foreman;
  private final CloudPort cloud;
  private final CreateRules rules;

  RegisterForemanHostDelegate(ConfigManagementPort foreman, CloudPort cloud, CreateRules rules) {
    this.foreman = foreman;
    this.cloud = cloud;
    this.rules = rules;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String hostname = RunbookVariables.required(execution, HOSTNAME);
      rules.checkRole(execution, RunbookVariables.stringOr(execution, ROLE, null), CreateRules.steps(cloud));
      if (execution.getVariable(FOREMAN_HOST_ID) == null) {
        // An earlier attempt of this job may have died after Foreman accepted the host: adopt it by our marker.
        foreman.host(hostname).filter(h -> marker(execution).equals(h.comment())).ifPresent(h -> {
          execution.setVariable(FOREMAN_HOST_ID, h.id());
          ProvisionSteps.log(LOG, execution, hostname, "adopting Foreman host {} that carries this runbook's marker", h.id());
        });
      }
      rules.requireNameFree(
          rules.project(RunbookVariables.stringOr(execution, PROJECT, null)), hostname, CreateRules.steps(cloud), own(execution));
      ForemanHost host;
      try {
        host = foreman.register(
            hostname, RunbookVariables.required(execution, HOSTGROUP), RunbookVariables.required(execution, ENVIRONMENT),
            marker(execution));
      } catch (ForemanException e) {
        if (e.status() < 400 || e.status() >= 500) {
          throw e; // unreachable or failing: the engine retries
        }
        throw new RequestRejected(HOSTNAME, "Foreman refused to register " + hostname + ": " + e.getMessage());
      }
      execution.setVariable(FOREMAN_HOST_ID, host.id());
      ProvisionSteps.log(LOG, execution, hostname, "registered in Foreman as {} (id {}, {}, {})",
          host.name(), host.id(), host.hostgroup(), host.environment());
    });
  }

  /** The Foreman {@code comment} that makes a registration provably this runbook instance's. */
  static String marker(DelegateExecution execution) {
    return CloudPort.INSTANCE_METADATA_KEY + "=" + execution.getProcessInstanceId();
  }

  /** What this provisioning made so far: its server (by instance id) and its Foreman host. */
  static CreateRules.Own own(DelegateExecution execution) {
    Object id = execution.getVariable(FOREMAN_HOST_ID);
    return new CreateRules.Own(execution.getProcessInstanceId(), id instanceof Number n ? n.longValue() : null);
  }
}
