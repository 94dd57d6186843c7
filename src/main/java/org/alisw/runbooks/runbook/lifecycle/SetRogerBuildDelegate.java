package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.roger.MachineStatePort;
import org.alisw.runbooks.roger.MachineStateUpdate;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** ai-rebuild-vm's Roger step: appstate {@code build}, all alarms off, with a message naming the runbook. */
@Component("setRogerBuildAlarmsOff")
class SetRogerBuildDelegate implements JavaDelegate {

  private final MachineStatePort roger;

  SetRogerBuildDelegate(MachineStatePort roger) {
    this.roger = roger;
  }

  @Override
  public void execute(DelegateExecution execution) {
    ApprovedPlan.guard(execution, () -> {
      String hostname = ApprovedPlan.checkPassed(execution, LifecycleVariables.REBUILD_PLAN_INPUTS).get(HOSTNAME);
      Refused.translate(HOSTNAME, () -> roger.update(hostname,
          MachineStateUpdate.rebuild("Rebuild triggered by runbook rebuild-vm " + execution.getProcessInstanceId())));
    });
  }
}
