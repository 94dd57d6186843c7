package org.alisw.runbooks.host;

import java.util.List;

/**
 * The key a host presents, compared with known_hosts, before anything is trusted.
 *
 * @param knownHostsName the name of the host's entries in known_hosts ({@code [addr]:port} when
 *     the port is not 22)
 * @param knownFingerprints the fingerprints known_hosts holds for that name
 */
public record HostKeyCheck(
    String host,
    String knownHostsName,
    String keyType,
    String presentedFingerprint,
    HostKeyStatus status,
    List<String> knownFingerprints) {

  public HostKeyCheck {
    knownFingerprints = List.copyOf(knownFingerprints);
  }
}
