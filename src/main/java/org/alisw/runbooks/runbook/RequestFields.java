package org.alisw.runbooks.runbook;

import java.util.Set;
import java.util.TreeSet;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.PolicyViolation;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The request fields every runbook checks the same way, at start and again before its side effect,
 * with the same message an operator can act on.
 */
public final class RequestFields {

  /** The hint of a start check: the operator may have mistyped the name. */
  public static final String CHECK_THE_NAME = ": check the name with 'openstack server list'.";
  /** The hint of a later step: the server was there when the runbook started. */
  public static final String ANY_MORE = " any more.";

  private RequestFields() {}

  /**
   * The server named {@code hostname} in {@code project}; refused with "No server named X in
   * OpenStack project P" and the call site's {@code hint} ({@link #CHECK_THE_NAME}, {@link
   * #ANY_MORE}, or its own) when there is none.
   */
  public static CloudServer server(CloudLookup lookup, String project, String hostname, String hint) {
    return lookup
        .findServer(project, hostname)
        .orElseThrow(
            () -> new RequestRejected(
                Variables.HOSTNAME, "No server named " + hostname + " in OpenStack project " + project + hint));
  }

  /** {@code project}, or the default one when absent; refused unless it is a configured project key. */
  public static String project(VariableScope variables, String defaultProject, Set<String> projects) {
    String project = RunbookVariables.stringOr(variables, Variables.PROJECT, defaultProject);
    if (!projects.contains(project)) {
      throw new RequestRejected(
          Variables.PROJECT, "Unknown OpenStack project '" + project + "': use one of " + new TreeSet<>(projects) + ".");
    }
    return project;
  }

  /** {@code hostname} as the host name policy accepts it; refused with the policy's reason otherwise. */
  public static String hostname(VariableScope variables, HostNamePolicy hostNames) {
    try {
      return hostNames.requireValid(RunbookVariables.stringOr(variables, Variables.HOSTNAME, null));
    } catch (PolicyViolation violation) {
      throw new RequestRejected(Variables.HOSTNAME, violation.getMessage());
    }
  }

  /** The server id the start check stored; refused when the runbook never passed that check. */
  public static String storedServerId(VariableScope variables) {
    String serverId = RunbookVariables.stringOr(variables, Variables.SERVER_ID, null);
    if (serverId == null) {
      throw new RequestRejected(
          Variables.SERVER_ID, "No server id was stored when the runbook started: it did not pass its start checks.");
    }
    return serverId;
  }

  /**
   * The server named {@code hostname}, which must still be the one the runbook was started for: a
   * name deleted and reused meanwhile names another machine, and {@code action} must not reach it.
   */
  public static CloudServer sameServer(CloudPort cloud, String project, String hostname, String serverId, String action) {
    CloudServer server = server(cloud::findServer, project, hostname, ANY_MORE);
    if (!server.id().equals(serverId)) {
      throw new RequestRejected(
          Variables.HOSTNAME,
          "Server name " + hostname + " no longer names the server " + serverId
              + " this runbook was started for (it names " + server.id() + "): refusing to " + action + ".");
    }
    return server;
  }
}
