package org.alisw.runbooks.host;

import java.time.Duration;

/**
 * Runs a long command (puppet run, docker pull) bounded on the host itself by coreutils {@code
 * timeout}. Hosts with OpenSSH older than 7.9 (CentOS 7 ships 7.4) ignore the SSH {@code signal}
 * request and do not stop a command without a pty when its channel closes: a puppet run that timed
 * out on our side would keep going, and every retry would then fail with "already in progress".
 * The SSH side waits {@link #KILL_AFTER} plus {@link #MARGIN} longer than the host's limit, so
 * that what we see is the host's exit status 124 (stopped by TERM) or 137 (KILL), reported here as
 * a {@link RemoteCommandTimeoutException}.
 */
final class HostSideTimeout {

  /** How long the host waits after TERM before it sends KILL. */
  static final Duration KILL_AFTER = Duration.ofSeconds(30);

  /** Extra time the SSH side waits beyond the host's TERM and KILL, for the exit status to come. */
  static final Duration MARGIN = Duration.ofSeconds(15);

  /** coreutils timeout: the command was sent TERM at the limit. */
  static final int TERMINATED = 124;

  /** coreutils timeout: the command also ignored TERM for KILL_AFTER and was sent KILL (128 + 9). */
  static final int KILLED = 137;

  private HostSideTimeout() {}

  /**
   * Runs {@code command} on {@code host}, stopped there after {@code limit} (whole seconds, at
   * least one).
   *
   * @throws RemoteCommandTimeoutException when the host stopped it (124, 137) or, should the host
   *     not answer at all, when the SSH side's longer wait ran out
   */
  static CommandResult run(RemoteShell shell, String host, RemoteCommand command, Duration limit) {
    long seconds = Math.max(1, (limit.toMillis() + 999) / 1000);
    RemoteCommand bounded = command.boundedOnHost(seconds, KILL_AFTER.toSeconds());
    CommandResult result = shell.run(host, bounded, localTimeout(seconds));
    Integer exit = result.exitStatus();
    if (exit != null && (exit == TERMINATED || exit == KILLED)) {
      throw new RemoteCommandTimeoutException(
          host, message(command, seconds, exit), result.stdout(), result.stderr());
    }
    return result;
  }

  static Duration localTimeout(long hostSeconds) {
    return Duration.ofSeconds(hostSeconds).plus(KILL_AFTER).plus(MARGIN);
  }

  private static String message(RemoteCommand command, long seconds, int exit) {
    String how =
        exit == TERMINATED
            ? "exit status 124: stopped with TERM"
            : "exit status 137: it ignored TERM for " + KILL_AFTER.toSeconds() + " s and was killed"
                + " (or something else killed it)";
    return "'" + command.line() + "' did not finish within " + seconds + " s and was stopped on the host"
        + " by timeout (" + how + ")";
  }
}
