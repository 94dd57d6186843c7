package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.create.CreateVariables.FOREMAN_HOST_ID;

import java.util.Optional;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.foreman.ForemanHost;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Delete everything this runbook created", the Foreman host (ai-kill's {@code DELETE
 * /api/hosts/FQDN}): only the host whose id this runbook recorded when it registered it, or that
 * carries this instance's marker in its Foreman comment. No host of
 * that name is fine; a host with another id is someone else's and is refused.
 */
@Component("deleteRegisteredForemanHost")
class DeleteRegisteredForemanHostDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(DeleteRegisteredForemanHostDelegate.class);

  private final ConfigManagementPort foreman;

  DeleteRegisteredForemanHostDelegate(ConfigManagementPort foreman) {
    this.foreman = foreman;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String hostname = RunbookVariables.required(execution, HOSTNAME);
      Optional<ForemanHost> host = foreman.host(hostname);
      if (host.isEmpty()) {
        ProvisionSteps.log(LOG, execution, hostname, "not in Foreman: nothing to delete");
        return;
      }
      Long ours = RegisterForemanHostDelegate.own(execution).foremanHostId();
      boolean marked = RegisterForemanHostDelegate.marker(execution).equals(host.get().comment());
      if (!marked && (ours == null || ours != host.get().id())) {
        throw new RequestRejected(FOREMAN_HOST_ID, "Foreman host " + host.get().name() + " (id " + host.get().id()
            + ") was not registered by this runbook" + (ours == null ? "" : " (it registered id " + ours + ")")
            + ": not deleting it.");
      }
      try {
        foreman.delete(hostname);
      } catch (ForemanException e) {
        if (e.status() < 400 || e.status() >= 500) {
          throw e;
        }
        throw new RequestRejected(HOSTNAME, "Foreman refused to delete " + hostname + ": " + e.getMessage());
      }
      ProvisionSteps.log(LOG, execution, hostname, "deleted Foreman host {} (clean-up)", host.get().id());
    });
  }
}
