package org.alisw.runbooks.policy;

import java.util.regex.Pattern;

/**
 * Which strings may name a server. Host names travel into OpenStack queries and SSH commands, so
 * anything else is refused before a runbook starts.
 */
public class HostNamePolicy {

  private final Pattern pattern;

  public HostNamePolicy(Pattern pattern) {
    this.pattern = pattern;
  }

  /** Returns the host name when it is acceptable, otherwise says why not. */
  public String requireValid(String hostname) {
    if (hostname == null || hostname.isBlank()) {
      throw new PolicyViolation("A server name is required (for example alibuild07).");
    }
    if (!pattern.matcher(hostname).matches()) {
      throw new PolicyViolation(
          "'" + hostname + "' is not a valid server name: expected a name matching " + pattern
              + " (for example alibuild07 or alimesos02).");
    }
    return hostname;
  }
}
