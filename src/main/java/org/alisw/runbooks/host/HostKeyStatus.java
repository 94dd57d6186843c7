package org.alisw.runbooks.host;

/** How the key a host presents compares with known_hosts. */
public enum HostKeyStatus {
  /** known_hosts has this very key for the host. */
  TRUSTED,
  /** known_hosts has other keys for the host: rebuilt, or someone in the middle. */
  CHANGED,
  /** known_hosts has no key for the host. */
  UNKNOWN
}
