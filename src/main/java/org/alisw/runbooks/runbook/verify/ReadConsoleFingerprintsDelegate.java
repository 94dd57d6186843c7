package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.CONSOLE_FINGERPRINTS;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.CONSOLE_MATCHES;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PRESENTED_FINGERPRINT;

import java.util.List;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudRejectedException;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the server's console ({@code openstack console log show}) and the host key fingerprints
 * cloud-init printed there at boot: the out-of-band proof that the key the host presents is the
 * VM's own. A console Nova cannot show yet counts as one without fingerprints (an operator
 * confirms instead).
 */
@Component("readConsoleFingerprints")
class ReadConsoleFingerprintsDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(ReadConsoleFingerprintsDelegate.class);

  private final CloudPort cloud;
  private final VerifyHostRequest request;
  private final VerifyHostSettings settings;

  ReadConsoleFingerprintsDelegate(CloudPort cloud, VerifyHostRequest request, VerifyHostSettings settings) {
    this.cloud = cloud;
    this.request = request;
    this.settings = settings;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> read(execution));
  }

  private void read(DelegateExecution execution) {
    String host = request.checkBeforeStep(execution);
    String console;
    try {
      console =
          cloud.consoleOutput(
              RunbookVariables.required(execution, PROJECT),
              RunbookVariables.required(execution, SERVER_ID),
              settings.consoleLines());
    } catch (CloudRejectedException notReady) {
      StepLog.info(LOG, execution, host, "console not available: {}", notReady.getMessage());
      console = "";
    }
    List<String> fingerprints = ConsoleFingerprints.parse(console);
    String presented = RunbookVariables.required(execution, PRESENTED_FINGERPRINT);
    boolean matches = fingerprints.contains(ConsoleFingerprints.canonical(presented));
    StepLog.info(LOG, execution, host, "console shows host keys {}; presented {} {}", fingerprints, presented, matches ? "matches" : "does not match");
    execution.setVariable(CONSOLE_FINGERPRINTS, String.join("\n", fingerprints));
    execution.setVariable(CONSOLE_MATCHES, matches);
  }
}
