package org.alisw.runbooks.openstack;

import java.util.Optional;

/**
 * The quick questions a start listener asks inside the start transaction, bounded by {@code
 * runbooks.openstack.start-check-timeout} (default 5 s) rather than the steps' long call timeout:
 * a slow Keystone then fails the start with {@link CloudUnavailableException} instead of holding a
 * database connection. The bean is named {@code startCheckCloud}.
 */
public interface CloudLookup {

  /** The server with exactly this name in the project, as {@link CloudPort#findServer}. */
  Optional<CloudServer> findServer(String project, String name);
}
