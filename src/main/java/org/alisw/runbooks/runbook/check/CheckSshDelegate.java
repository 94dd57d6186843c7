package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.HostException;
import org.alisw.runbooks.host.RemoteCommand;
import org.alisw.runbooks.host.RemoteShell;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** "SSH into the machine" (as root, with the host key verified): {@code hostname} answers. */
@Component("verifyMasterSsh")
class CheckSshDelegate extends MasterCheckDelegate {

  private final RemoteShell shell;

  CheckSshDelegate(RemoteShell shell, VerifyMasterRequest request) {
    super(request);
    this.shell = shell;
  }

  @Override
  String name() {
    return "SSH login";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    CommandResult result = shell.run(request.master(execution), RemoteCommand.hostname());
    if (result.succeeded()) {
      return CheckItem.passed(name(), "logged in; the machine says it is " + result.stdout().strip());
    }
    return CheckItem.failed(
        name(),
        "logged in, but 'hostname' failed (exit " + result.exitStatus() + "): " + result.stderr().strip(),
        "Log in by hand and look at the machine's state (disk full, broken shell).");
  }

  @Override
  String whatToDo(String hostname, RuntimeException e) {
    if (!(e instanceof HostException host)) {
      return "Look at the message and try 'ssh root@" + hostname + "' by hand.";
    }
    return switch (host.reason()) {
      case HOST_KEY_CHANGED -> "The host key of " + hostname + " changed. If the master was rebuilt, accept the new key"
          + " (the rebuild runbook does so); otherwise treat it as an attack and do not log in.";
      case HOST_KEY_UNKNOWN, HOST_KEY_NOT_CONFIRMED -> "known_hosts has no confirmed key for " + hostname
          + ": add its key from the server's console (runbooks.hosts.ssh.known-hosts-file).";
      case AUTHENTICATION_FAILED -> "root refused the runbooks' SSH identity (runbooks.hosts.ssh.identity-file): check"
          + " that its public key is in root's authorized_keys (Puppet manages it).";
      case CONNECTION_FAILED, TIMEOUT -> "SSH does not answer on " + hostname + ": check the ping and the console; sshd may be down.";
      default -> "Try 'ssh root@" + hostname + "' by hand and look at the error.";
    };
  }
}
