package org.alisw.runbooks.host;

/**
 * What one remote command did.
 *
 * @param exitStatus the exit status, or null when the command died of a signal or the host closed
 *     the channel without reporting one (always a failure)
 * @param exitSignal the signal name (KILL, TERM, ...) when the host reported one, otherwise null
 * @param stdout the tail of the standard output, at most the configured output limit
 * @param stderr the tail of the standard error, at most the configured output limit
 */
public record CommandResult(
    String host,
    String command,
    Integer exitStatus,
    String exitSignal,
    String stdout,
    String stderr,
    boolean stdoutTruncated,
    boolean stderrTruncated,
    long durationMillis) {

  /** Exit status 0; a missing exit status is never success. */
  public boolean succeeded() {
    return exitStatus != null && exitStatus == 0;
  }
}
