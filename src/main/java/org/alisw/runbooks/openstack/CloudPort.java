package org.alisw.runbooks.openstack;

import java.util.Optional;

/**
 * The cloud as the runbooks see it: what the guide does with {@code openstack server ...},
 * {@code ai-bs}, {@code ai-rebuild-vm} and {@code ai-kill}.
 *
 * <p>{@code project} is a configured project key (for example {@code release-testing} for
 * "ALICE Release Testing"); the adapter maps it to credentials. Methods only report state: waiting
 * for a state is the process's job (timer loops), never a sleeping thread.
 */
public interface CloudPort {

  /** The server with exactly this name in the project, if any. */
  Optional<CloudServer> findServer(String project, String name);

  /** The server's current state; empty once it is deleted. */
  Optional<CloudServer> server(String project, String serverId);

  /** {@code openstack server reboot --hard}; not re-issued while the server is already rebooting. */
  void hardReboot(String project, String serverId);
}
