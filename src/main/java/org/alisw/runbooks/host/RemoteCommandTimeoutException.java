package org.alisw.runbooks.host;

import java.time.Duration;

/**
 * A command outlived its timeout: either the host's {@code timeout} stopped it (exit status 124 or
 * 137), or the SSH side gave up waiting and closed the channel. What it printed so far is kept.
 */
public class RemoteCommandTimeoutException extends HostException {

  private final String partialStdout;
  private final String partialStderr;

  RemoteCommandTimeoutException(
      String host, RemoteCommand command, Duration timeout, String partialStdout, String partialStderr) {
    this(host, "'" + command.line() + "' did not finish within " + timeout, partialStdout, partialStderr);
  }

  RemoteCommandTimeoutException(String host, String message, String partialStdout, String partialStderr) {
    super(Reason.TIMEOUT, host, message);
    this.partialStdout = partialStdout;
    this.partialStderr = partialStderr;
  }

  public String partialStdout() {
    return partialStdout;
  }

  public String partialStderr() {
    return partialStderr;
  }
}
