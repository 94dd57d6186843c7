package org.alisw.runbooks.sandbox;

import java.time.Instant;

/**
 * Told when servers appear or disappear, so that each simulator can follow: a server booted through
 * Nova gets an SSH host, a Foreman entry, a Mesos agent.
 */
public interface DataCentreListener {

  default void serverAdded(SimulatedServer server) {}

  default void serverDeleted(SimulatedServer server) {}

  /**
   * A BUILD or REBUILD settled into ACTIVE at {@code at} (told lazily, when someone first looks at
   * the server afterwards, and under the server's lock: do not wait on other servers here).
   */
  default void serverBooted(SimulatedServer server, Instant at) {}

  /**
   * {@code docker restart CONTAINER} ran on {@code host} (told after the data centre applied it,
   * outside its lock).
   */
  default void containerRestarted(String host, String container) {}
}
