package org.alisw.runbooks.sandbox;

/**
 * Told when servers appear or disappear, so that each simulator can follow: a server booted through
 * Nova gets an SSH host, a Foreman entry, a Mesos agent.
 */
public interface DataCentreListener {

  default void serverAdded(SimulatedServer server) {}

  default void serverDeleted(SimulatedServer server) {}
}
