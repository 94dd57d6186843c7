package org.alisw.runbooks.host;

/** Turns the host name a runbook acts on into the address and port to connect to. */
public interface HostResolver {

  /**
   * @throws IllegalArgumentException when {@code host} is not a valid host name
   */
  HostAddress resolve(String host);
}
