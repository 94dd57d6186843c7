package org.alisw.runbooks.foreman;

import java.util.Optional;

/**
 * Foreman (Puppet configuration management) as the runbooks see it: what {@code ai-bs}, {@code
 * ai-kill} and {@code ai-rebuild-vm} do on the Foreman side, and "check in Foreman if there are any
 * puppet errors". Host names may be short ({@code alibuild13}) or fully qualified; short names get
 * the configured domain. docs/foreman.md lists the Foreman API calls behind each method.
 */
public interface ConfigManagementPort {

  /** Hostgroup of the Mesos masters. */
  String MASTER_HOSTGROUP = "alibuild/mesos/master";

  /** Hostgroup of the Mesos agents (build machines). */
  String AGENT_HOSTGROUP = "alibuild/mesos/slave";

  /**
   * Registers a host with its hostgroup (title, for example {@link #AGENT_HOSTGROUP}) and Puppet
   * environment (for example {@code production} or {@code alibuild_devel}) before it boots. A host
   * already registered with the same hostgroup and environment is returned as it is.
   *
   * @throws ForemanException when the hostgroup or environment does not exist, the host exists with
   *     another hostgroup or environment, or Foreman refuses
   */
  ForemanHost register(String hostname, String hostgroup, String environment);

  /** The host, if Foreman knows it. */
  Optional<ForemanHost> host(String hostname);

  /** Deletes the host; true if it existed. */
  boolean delete(String hostname);

  /**
   * Prepares a rebuild: puts the host back in build mode, which makes Foreman clean its Puppet
   * certificate on the Puppet CA so that the rebuilt machine can request a new one.
   *
   * @throws ForemanException when the host does not exist or Foreman refuses
   */
  ForemanHost prepareRebuild(String hostname);

  /** The host's latest configuration (Puppet) report; empty when it has none. */
  Optional<ConfigReport> lastReport(String hostname);

  /** The host's configuration status, for example "Error", "Active", "No changes". */
  ConfigurationStatus configurationStatus(String hostname);
}
