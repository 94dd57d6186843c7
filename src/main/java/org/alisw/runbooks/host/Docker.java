package org.alisw.runbooks.host;

/** Docker on a host: the containers a role needs, forced image pulls, container restarts. */
public interface Docker {

  /**
   * Lists the running containers and compares them with those configured for {@code role}
   * ({@code master} or {@code agent}).
   *
   * @throws IllegalArgumentException for a role without configured containers
   */
  ContainerCheck checkContainers(String host, String role);

  /**
   * {@code docker pull IMAGE}.
   *
   * @throws HostException with reason COMMAND_FAILED when docker reports a failure
   */
  CommandResult pullImage(String host, String image);

  /**
   * {@code docker restart CONTAINER}.
   *
   * @throws HostException with reason COMMAND_FAILED when docker reports a failure
   */
  CommandResult restartContainer(String host, String container);
}
