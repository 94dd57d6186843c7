package org.alisw.runbooks.host;

import java.time.Duration;

/** A command outlived its timeout; the channel was closed and what it printed so far is kept. */
public class RemoteCommandTimeoutException extends HostException {

  private final String partialStdout;
  private final String partialStderr;

  RemoteCommandTimeoutException(
      String host, RemoteCommand command, Duration timeout, String partialStdout, String partialStderr) {
    super(Reason.TIMEOUT, host, "'" + command.line() + "' did not finish within " + timeout);
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
