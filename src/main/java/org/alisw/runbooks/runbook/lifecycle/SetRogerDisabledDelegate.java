package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.roger.MachineStatePort;
import org.alisw.runbooks.roger.MachineStateUpdate;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ai-kill's Roger part: appstate {@code disabled}, all alarms off (the entry is kept, as ai-kill keeps it). */
@Component("setRogerDisabled")
class SetRogerDisabledDelegate implements JavaDelegate {

  private final MachineStatePort roger;

  SetRogerDisabledDelegate(MachineStatePort roger) {
    this.roger = roger;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> {
      String hostname = ApprovedPlan.check(execution, LifecycleVariables.DELETE_PLAN_INPUTS).get(HOSTNAME);
      Refused.translate(HOSTNAME, () -> roger.update(hostname,
          MachineStateUpdate.kill("alarms disabled by runbook delete-vm " + execution.getProcessInstanceId())));
    });
  }
}
