package org.alisw.runbooks.openstack;

import java.util.List;
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

  /**
   * The servers of the project, as {@link CloudPort#servers} (create-master: the zones of the
   * other masters). Lookups built from a method reference to {@code findServer} have none.
   */
  default List<CloudServer> servers(String project) {
    throw new UnsupportedOperationException("this CloudLookup lists no servers");
  }

  /**
   * Whether the project has an active image with this id or name, or a latest image of the image
   * family of this name; empty when this look-up cannot tell (then the step that uses the image
   * finds out). A start refuses an unknown image before anything happens.
   */
  default Optional<Boolean> imageAvailable(String project, String idNameOrFamily) {
    return Optional.empty();
  }

  /** Whether the project has a flavor with this name or id; empty when this look-up cannot tell. */
  default Optional<Boolean> flavorAvailable(String project, String nameOrId) {
    return Optional.empty();
  }

  /**
   * Logs in to the project afresh on this look-up's own sessions, as {@link CloudPort#authenticate}
   * (the health indicator: a token obtainable per project, within the start-check timeout, without
   * dropping the token the runbooks' steps share).
   */
  default CloudLogin authenticate(String project) {
    throw new UnsupportedOperationException("this CloudLookup does not log in");
  }
}
