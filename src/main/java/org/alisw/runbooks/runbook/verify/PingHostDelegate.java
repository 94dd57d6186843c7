package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.verify.VerifyVariables.PING_ANSWERED;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PING_DETAIL;

import org.alisw.runbooks.host.PingResult;
import org.alisw.runbooks.host.Reachability;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** "Ping it": one probe; the timer loop in the BPMN pings again until the host answers. */
@Component("pingHost")
class PingHostDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(PingHostDelegate.class);

  private final Reachability reachability;
  private final VerifyHostRequest request;

  PingHostDelegate(Reachability reachability, VerifyHostRequest request) {
    this.reachability = reachability;
    this.request = request;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> ping(execution));
  }

  private void ping(DelegateExecution execution) {
    String host = request.checkBeforeStep(execution);
    PingResult result = reachability.ping(host);
    StepLog.info(LOG, execution, host, "ping {}: {}", result.reachable() ? "answered" : "no answer", result.detail());
    execution.setVariable(PING_ANSWERED, result.reachable());
    execution.setVariable(PING_DETAIL, Texts.kept(result.detail(), 1000));
  }
}
