package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.SSH_ANSWERED;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.SSH_DETAIL;

import java.util.Locale;
import java.util.Set;
import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.HostException;
import org.alisw.runbooks.host.HostException.Reason;
import org.alisw.runbooks.host.RemoteCommand;
import org.alisw.runbooks.host.RemoteShell;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * "SSH to it": {@code hostname} as root with verified host keys. Not answering yet (refused,
 * timed out, root's key not installed yet) is a result the timer loop retries; a host key
 * known_hosts does not trust, or another machine answering, goes to an operator.
 */
@Component("sshHostname")
class SshHostnameDelegate implements JavaDelegate {

  private static final Set<Reason> NOT_YET =
      Set.of(Reason.CONNECTION_FAILED, Reason.TIMEOUT, Reason.AUTHENTICATION_FAILED, Reason.SSH_ERROR);
  private static final Logger LOG = LoggerFactory.getLogger(SshHostnameDelegate.class);

  private final RemoteShell shell;
  private final VerifyHostRequest request;

  SshHostnameDelegate(RemoteShell shell, VerifyHostRequest request) {
    this.shell = shell;
    this.request = request;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> ssh(execution));
  }

  private void ssh(DelegateExecution execution) {
    String host = request.checkBeforeStep(execution);
    CommandResult result;
    try {
      result = shell.run(host, RemoteCommand.hostname());
    } catch (HostException e) {
      if (!NOT_YET.contains(e.reason())) {
        throw new RequestRejected(HOSTNAME, "SSH to " + host + " refused: " + e.getMessage());
      }
      StepLog.info(LOG, execution, host, "ssh not answering yet: {}", e.getMessage());
      answered(execution, false, e.getMessage());
      return;
    }
    String answer = result.stdout() == null ? "" : result.stdout().strip();
    if (!result.succeeded()) {
      StepLog.info(LOG, execution, host, "ssh: hostname exited {}", result.exitStatus());
      answered(execution, false, "hostname exited " + result.exitStatus() + ": " + result.stderr());
      return;
    }
    String shortName = answer.toLowerCase(Locale.ROOT).split("\\.", 2)[0];
    if (!shortName.equals(host.toLowerCase(Locale.ROOT))) {
      throw new RequestRejected(
          HOSTNAME, "SSH to " + host + " reached a machine that calls itself '" + answer + "': wrong address or DNS?");
    }
    StepLog.info(LOG, execution, host, "ssh answered as {}", answer);
    answered(execution, true, "root@" + host + " answered: " + answer);
  }

  private static void answered(DelegateExecution execution, boolean answered, String detail) {
    execution.setVariable(SSH_ANSWERED, answered);
    execution.setVariable(SSH_DETAIL, Texts.kept(detail, 1000));
  }
}
