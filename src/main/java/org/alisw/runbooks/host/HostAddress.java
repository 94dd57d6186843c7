package org.alisw.runbooks.host;

/**
 * Where a host is reached.
 *
 * @param host the name the runbooks use ({@code alibuild01})
 * @param address the name or IP address connected to ({@code alibuild01.cern.ch})
 * @param port the SSH port
 */
public record HostAddress(String host, String address, int port) {

  /** The name this address has in a known_hosts file, as OpenSSH writes it. */
  public String knownHostsName() {
    String name = address.toLowerCase(java.util.Locale.ROOT);
    return port == 22 ? name : "[" + name + "]:" + port;
  }
}
