package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.verify.VerifyVariables.PUPPET_ATTEMPTS_USED;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PUPPET_ATTEMPT_PREFIX;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PUPPET_EXIT_CODE;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PUPPET_LAST_OUTPUT;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PUPPET_NOT_RUN_REASON;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PUPPET_OUTCOME;

import org.alisw.runbooks.host.Puppet;
import org.alisw.runbooks.host.PuppetRun;
import org.alisw.runbooks.host.RemoteCommandTimeoutException;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One run of "puppet agent -t -v" (the configured command), counted against the bound of the loop
 * in the BPMN. Each run is kept as its own text variable {@code puppetAttempt<n>} (exit code,
 * duration, why it did not run, output tail); the last one also as {@code puppetLastOutput} for
 * the operator's form. A run the host stopped at the puppet timeout counts as a run without exit
 * code.
 */
@Component("runPuppetAgent")
class RunPuppetAgentDelegate implements JavaDelegate {

  static final String TIMED_OUT = "TIMED_OUT";
  private static final Logger LOG = LoggerFactory.getLogger(RunPuppetAgentDelegate.class);

  private final Puppet puppet;
  private final VerifyHostRequest request;
  private final VerifyHostSettings settings;

  RunPuppetAgentDelegate(Puppet puppet, VerifyHostRequest request, VerifyHostSettings settings) {
    this.puppet = puppet;
    this.request = request;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> run(execution));
  }

  private void run(DelegateExecution execution) {
    String host = request.checkBeforeStep(execution);
    int attempt = attemptsUsed(execution) + 1;
    Integer exit;
    String outcome;
    String output;
    long millis;
    try {
      PuppetRun run = puppet.runAgent(host);
      exit = run.exitStatus();
      outcome = run.outcome().name();
      output = join(run.output(), run.errors());
      millis = run.durationMillis();
    } catch (RemoteCommandTimeoutException killed) {
      exit = null;
      outcome = TIMED_OUT;
      output = join(killed.partialStdout(), killed.partialStderr()) + "\n" + killed.getMessage();
      millis = -1;
    }
    String notRun = PuppetNotRun.reason(exit, output);
    String summary =
        "attempt " + attempt + ": exit code " + (exit == null ? "none" : exit) + " (" + outcome + ")"
            + (millis >= 0 ? ", " + (millis / 1000) + " s" : ", stopped at the puppet timeout")
            + (notRun == null ? "" : ", did not run: " + notRun)
            + "\n";
    String kept = Texts.kept(summary + output, settings.outputKept());
    StepLog.info(LOG, execution, host, "puppet {}", summary.strip());
    execution.setVariable(PUPPET_ATTEMPT_PREFIX + attempt, kept);
    execution.setVariable(PUPPET_LAST_OUTPUT, kept);
    execution.setVariable(PUPPET_EXIT_CODE, exit);
    execution.setVariable(PUPPET_OUTCOME, outcome);
    execution.setVariable(PUPPET_NOT_RUN_REASON, notRun);
    execution.setVariable(PUPPET_ATTEMPTS_USED, attempt);
  }

  private static int attemptsUsed(DelegateExecution execution) {
    return execution.getVariable(PUPPET_ATTEMPTS_USED) instanceof Number n ? n.intValue() : 0;
  }

  private static String join(String out, String err) {
    String o = out == null ? "" : out;
    String e = err == null ? "" : err;
    return e.isBlank() ? o : o + (o.endsWith("\n") || o.isEmpty() ? "" : "\n") + e;
  }
}
