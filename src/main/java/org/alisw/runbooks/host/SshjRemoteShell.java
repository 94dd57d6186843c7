package org.alisw.runbooks.host;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.alisw.runbooks.host.HostException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteShell} over sshj: one connection per command (runbook steps are minutes apart and
 * may run on any engine node), both output streams drained at once, the exit status always read.
 */
final class SshjRemoteShell implements RemoteShell {

  private static final Logger log = LoggerFactory.getLogger(SshjRemoteShell.class);

  private final HostResolver resolver;
  private final SshConnector connector;
  private final Duration defaultTimeout;

  SshjRemoteShell(HostResolver resolver, SshConnector connector, Duration defaultTimeout) {
    this.resolver = resolver;
    this.connector = connector;
    this.defaultTimeout = defaultTimeout;
  }

  @Override
  public CommandResult run(String host, RemoteCommand command) {
    return run(host, command, defaultTimeout);
  }

  @Override
  public CommandResult run(String host, RemoteCommand command, Duration timeout) {
    HostAddress address = resolver.resolve(host);
    long started = System.nanoTime();
    try (SSHClient client = connector.open(address);
        Session session = client.startSession()) {
      Session.Command running = session.exec(command.line());
      OutputTail stdout = connector.drain(running.getInputStream());
      OutputTail stderr = connector.drain(running.getErrorStream());
      if (!awaitExit(running, timeout)) {
        terminate(running);
        throw new RemoteCommandTimeoutException(host, command, timeout, stdout.text(), stderr.text());
      }
      awaitEnd(stdout, stderr);
      if (running.getExitStatus() == null && running.getExitSignal() == null && !client.isConnected()) {
        throw new HostException(
            Reason.CONNECTION_FAILED, host, "connection lost while running '" + command + "'");
      }
      CommandResult result = result(host, command, running, stdout, stderr, started);
      log.info(
          "Ran '{}' on {}: exit status {}{} in {} ms",
          command,
          host,
          result.exitStatus(),
          result.exitSignal() == null ? "" : ", signal " + result.exitSignal(),
          result.durationMillis());
      return result;
    } catch (IOException e) {
      throw new HostException(Reason.SSH_ERROR, host, "SSH failure running '" + command + "': " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostException(Reason.SSH_ERROR, host, "interrupted while running '" + command + "'", e);
    }
  }

  /** True when the channel closed (the command exited) within the timeout. */
  private static boolean awaitExit(Session.Command running, Duration timeout) throws ConnectionException {
    try {
      running.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ConnectionException e) {
      if (running.isOpen()) {
        return false;
      }
      // Closed with an error (transport gone): the exit status, if any, tells the rest.
    }
    return !running.isOpen();
  }

  /** The streams end right after the channel closes; a bounded wait keeps a lost EOF harmless. */
  private void awaitEnd(OutputTail stdout, OutputTail stderr) throws InterruptedException {
    long grace = connector.connectTimeoutMillis();
    stdout.awaitEnd(grace);
    stderr.awaitEnd(grace);
  }

  /**
   * Asks the host to stop the command. Only OpenSSH 7.9+ honours the request, and closing a channel
   * without a pty does not stop the command either: long commands are therefore also bounded on
   * the host ({@link HostSideTimeout}).
   */
  private static void terminate(Session.Command running) {
    try {
      running.signal(Signal.TERM);
    } catch (IOException | RuntimeException ignored) {
      // Best effort: the channel and connection are closed right after.
    }
  }

  private static CommandResult result(
      String host,
      RemoteCommand command,
      Session.Command running,
      OutputTail stdout,
      OutputTail stderr,
      long startedNanos) {
    Signal signal = running.getExitSignal();
    return new CommandResult(
        host,
        command.line(),
        running.getExitStatus(),
        signal == null ? null : signal.name(),
        stdout.text(),
        stderr.text(),
        stdout.truncated(),
        stderr.truncated(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
  }
}
