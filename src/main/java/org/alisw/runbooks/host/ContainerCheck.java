package org.alisw.runbooks.host;

import java.util.List;

/**
 * "Check if docker is running and if it has at least the following containers".
 *
 * @param dockerRunning false when {@code docker ps} failed (daemon down, docker missing)
 * @param required the containers the role needs, from configuration
 * @param running the containers running now
 * @param missing the required containers not running, in the order of {@code required}
 * @param detail docker's complaint when it is not running, otherwise empty
 */
public record ContainerCheck(
    String host,
    String role,
    boolean dockerRunning,
    List<String> required,
    List<String> running,
    List<String> missing,
    String detail) {

  public ContainerCheck {
    required = List.copyOf(required);
    running = List.copyOf(running);
    missing = List.copyOf(missing);
  }

  /** Docker runs and every required container is up. */
  public boolean healthy() {
    return dockerRunning && missing.isEmpty();
  }
}
