package org.alisw.runbooks.runbook.create;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;

import org.alisw.runbooks.roger.MachineState;
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

/**
 * Roger: {@code build} after the boot request, as ai-bs sends it ({@code setRogerNewMachine}), and
 * {@code production} with alarms on once the new agent is verified ({@code setRogerProduction}).
 * Both are idempotent in the port. A refusal (401, 403, another 4xx: retrying cannot cure it)
 * becomes {@code STEP_REFUSED} for the runbook's operator task; Roger not answering (5xx, no
 * answer) still fails the job, so the engine retries it.
 */
class SetMachineStateDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(SetMachineStateDelegate.class);

  private final MachineStatePort roger;
  private final boolean production;

  SetMachineStateDelegate(MachineStatePort roger, boolean production) {
    this.roger = roger;
    this.production = production;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String hostname = RunbookVariables.required(execution, HOSTNAME);
      MachineStateUpdate update =
          production
              ? MachineStateUpdate.backToProduction("Verified by runbook instance " + execution.getProcessInstanceId())
              : MachineStateUpdate.newMachine();
      MachineState state;
      try {
        state = roger.update(hostname, update);
      } catch (RogerRefusedException refused) {
        throw new RequestRejected(HOSTNAME, "Roger refused to set " + hostname + " to " + update.appstate().wire() + ": " + refused.getMessage());
      }
      ProvisionSteps.log(LOG, execution, hostname, "Roger appstate {}", state.appstate());
    });
  }
}
