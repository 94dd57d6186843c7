package org.alisw.runbooks.runbook.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.policy.ProtectedHosts;
import org.alisw.runbooks.runbook.RequestRejected;

/**
 * The list of agents a fleet rebuild names: one per line or comma separated, each a valid name,
 * none twice, none protected ("YOU SHOULD NEVER REBUILD ALIBUILD03 and ALIBUILD09"). Every problem
 * names the host(s) it is about.
 */
final class FleetHosts {

  private FleetHosts() {}

  /** The names in {@code text}, in order; refused with the offending names otherwise. */
  static List<String> parse(String text, int maxHosts, HostNamePolicy names, ProtectedHosts protectedHosts) {
    List<String> hosts = split(text);
    if (hosts.isEmpty()) {
      throw new RequestRejected(FleetVariables.HOSTS, "Name the agents to rebuild (variable 'hosts', one per line or comma separated).");
    }
    if (hosts.size() > maxHosts) {
      throw new RequestRejected(FleetVariables.HOSTS, hosts.size() + " hosts named: one rebuild-agents takes at most " + maxHosts
          + " (runbooks.rebuild-agents.max-hosts); split the list.");
    }
    List<String> invalid = new ArrayList<>();
    for (String host : hosts) {
      try {
        names.requireValid(host);
      } catch (PolicyViolation violation) {
        invalid.add(violation.getMessage());
      }
    }
    if (!invalid.isEmpty()) {
      throw new RequestRejected(FleetVariables.HOSTS, String.join(" ", invalid));
    }
    Set<String> seen = new LinkedHashSet<>();
    Set<String> twice = new TreeSet<>();
    for (String host : hosts) {
      if (!seen.add(host)) {
        twice.add(host);
      }
    }
    if (!twice.isEmpty()) {
      throw new RequestRejected(FleetVariables.HOSTS, "Named more than once: " + String.join(", ", twice) + ". Name each agent once.");
    }
    List<String> refused = new ArrayList<>();
    for (String host : hosts) {
      try {
        protectedHosts.requireRebuildAllowed(host);
      } catch (PolicyViolation violation) {
        refused.add(violation.getMessage());
      }
    }
    if (!refused.isEmpty()) {
      throw new RequestRejected(FleetVariables.HOSTS, String.join(" ", refused) + " Remove it from the list; nothing was started.");
    }
    return List.copyOf(hosts);
  }

  /** The list as the plan and {@code fleetHosts} keep it. */
  static String join(List<String> hosts) {
    return String.join(",", hosts);
  }

  /** Names separated by commas, semicolons or white space (new lines included); blanks dropped. */
  static List<String> split(String text) {
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.split("[,;\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
