package org.alisw.runbooks.kerberos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.alisw.runbooks.http.AuthenticationUnavailableException;

/**
 * ai-tools' {@code deref_url}: a load-balanced alias (judy.cern.ch) has no service principal of its
 * own, the hosts behind it do. Resolve the alias, pick one of its addresses at random, and
 * reverse-resolve that address to the real host's name.
 */
final class AliasDereferencer {

  private AliasDereferencer() {}

  /**
   * The real host behind {@code alias}.
   *
   * @param setting the dereference-alias property, for the message
   */
  static String realHost(String alias, String setting) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(alias);
    } catch (UnknownHostException e) {
      throw new AuthenticationUnavailableException(
          "cannot resolve " + alias + " to find the host behind it (" + setting + "): check the URL and DNS", true);
    }
    InetAddress picked = addresses[ThreadLocalRandom.current().nextInt(addresses.length)];
    String literal = picked.getHostAddress();
    String name;
    try {
      // An address without a name: getCanonicalHostName asks the reverse zone.
      name = InetAddress.getByAddress(picked.getAddress()).getCanonicalHostName();
    } catch (UnknownHostException e) {
      name = literal;
    }
    if (name == null || name.equals(literal)) {
      throw new AuthenticationUnavailableException(
          "cannot reverse-resolve " + literal + " (an address of " + alias + ") to a host name, so no service"
              + " principal HTTP/<host> can be named: check the reverse DNS of the hosts behind " + alias
              + ", or set " + setting + "=false if " + alias + " is itself the host that has the principal",
          false);
    }
    String host = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return host.toLowerCase(Locale.ROOT);
  }
}
