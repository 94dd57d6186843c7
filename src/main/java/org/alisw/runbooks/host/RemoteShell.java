package org.alisw.runbooks.host;

import java.time.Duration;

/** Runs one fixed command on a host as the configured user (root), over SSH with verified keys. */
public interface RemoteShell {

  /**
   * Runs {@code command} on {@code host} and waits for it at most {@code timeout}.
   *
   * @return the exit status and output tails; callers check {@link CommandResult#succeeded()}
   * @throws HostException when the host cannot be reached, its key is unknown or changed,
   *     authentication fails, or the command outlives the timeout ({@link
   *     RemoteCommandTimeoutException})
   */
  CommandResult run(String host, RemoteCommand command, Duration timeout);

  /** {@link #run(String, RemoteCommand, Duration)} with the configured command timeout. */
  CommandResult run(String host, RemoteCommand command);
}
