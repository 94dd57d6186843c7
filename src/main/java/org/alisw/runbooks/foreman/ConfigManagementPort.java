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
   * Registers a host before it boots, as {@code ai-bs} does: unmanaged, with its hostgroup (label,
   * for example {@link #AGENT_HOSTGROUP}), Puppet environment (for example {@code production} or
   * {@code alibuild_devel}) and the configured owner. A host already registered with the same
   * hostgroup and environment is returned as it is (a retried job adopts what it registered).
   *
   * @throws ForemanException when the hostgroup, environment or owner is not exactly one entry in
   *     Foreman, the host exists with another hostgroup or environment, or Foreman refuses (422,
   *     with Foreman's messages)
   */
  default ForemanHost register(String hostname, String hostgroup, String environment) {
    return register(hostname, hostgroup, environment, null);
  }

  /**
   * {@link #register(String, String, String)} with a marker in the host's Foreman {@code comment}
   * (for example {@code runbook-instance-id=<id>}): a host already registered is adopted only if it
   * carries this marker, so a retried registration whose first attempt Foreman accepted can prove
   * the host is its own. A null marker registers and adopts without one.
   *
   * @throws ForemanException (409) when the host exists without this marker
   */
  ForemanHost register(String hostname, String hostgroup, String environment, String marker);

  /** The host, if Foreman knows it. */
  Optional<ForemanHost> host(String hostname);

  /**
   * The host, which must exist: what {@code ai-rebuild-vm} checks in Foreman before a rebuild (and
   * all it does there: a rebuild changes nothing in Foreman).
   *
   * @throws ForemanException (404) "Foreman does not know FQDN: VM not rebuilt"
   */
  ForemanHost requireHost(String hostname);

  /** Deletes the host; true if it existed, false if it was already gone (which is not an error). */
  boolean delete(String hostname);

  /** The host's latest configuration (Puppet) report; empty when it has none. */
  Optional<ConfigReport> lastReport(String hostname);

  /** The host's configuration status, for example "Error", "Active", "No changes". */
  ConfigurationStatus configurationStatus(String hostname);

  /**
   * True when Foreman has exactly one hostgroup with this label ({@link #MASTER_HOSTGROUP}): what
   * {@link #register} needs, checked ahead by the preflight.
   */
  boolean hostgroupExists(String label);

  /** True when Foreman has exactly one Puppet environment of this name ({@code production}). */
  boolean environmentExists(String name);
}
