package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.roger.MachineStatePort;
import org.alisw.runbooks.roger.MachineStateUpdate;
import org.alisw.runbooks.roger.RogerRefusedException;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "Delete everything this runbook created", Roger: as ai-kill does, appstate {@code disabled} and
 * all alarms off (the entry is kept, as ai-kill keeps it). No entry (Roger never reached) is fine.
 */
@Component("disableRogerEntry")
class DisableRogerEntryDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(DisableRogerEntryDelegate.class);

  private final MachineStatePort roger;

  DisableRogerEntryDelegate(MachineStatePort roger) {
    this.roger = roger;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String hostname = RunbookVariables.required(execution, HOSTNAME);
      try {
        if (roger.state(hostname).isEmpty()) {
          ProvisionSteps.log(LOG, execution, hostname, "no Roger entry: nothing to disable");
          return;
        }
        roger.update(hostname, MachineStateUpdate.kill("alarms disabled by runbook provision-vm clean-up " + execution.getProcessInstanceId()));
      } catch (RogerRefusedException refused) {
        throw new RequestRejected(HOSTNAME, "Roger refused to disable " + hostname + ": " + refused.getMessage());
      }
      ProvisionSteps.log(LOG, execution, hostname, "Roger appstate disabled, alarms off (clean-up)");
    });
  }
}
