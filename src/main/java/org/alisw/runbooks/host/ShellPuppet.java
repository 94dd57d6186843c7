package org.alisw.runbooks.host;

import java.time.Duration;

/** {@link Puppet} as the configured command over the {@link RemoteShell}. */
final class ShellPuppet implements Puppet {

  private final RemoteShell shell;
  private final RemoteCommand command;
  private final Duration timeout;

  ShellPuppet(RemoteShell shell, String commandLine, Duration timeout) {
    this.shell = shell;
    this.command = RemoteCommand.configured(commandLine);
    this.timeout = timeout;
  }

  @Override
  public PuppetRun runAgent(String host) {
    CommandResult result = HostSideTimeout.run(shell, host, command, timeout);
    Integer exit = result.exitStatus();
    return new PuppetRun(
        host,
        PuppetOutcome.of(exit),
        exit,
        exit != null && (exit == 2 || exit == 6),
        result.stdout(),
        result.stderr(),
        result.stdoutTruncated() || result.stderrTruncated(),
        result.durationMillis());
  }
}
