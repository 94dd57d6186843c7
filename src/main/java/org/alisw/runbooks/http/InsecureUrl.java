package org.alisw.runbooks.http;

import java.net.URI;

/**
 * Credentials only over HTTPS: HTTP Basic and Bearer credentials travel in every request, and
 * plain HTTP would show them to the network. A simulator on loopback is allowed by naming its URL,
 * exactly, in the adapter's {@code allow-insecure-url} (as {@code runbooks.foreman} does).
 */
public final class InsecureUrl {

  private InsecureUrl() {}

  /**
   * Why {@code url} cannot carry the configured credentials, or null when it can: it is https, no
   * credentials are configured, or it is exactly {@code allowInsecureUrl}.
   *
   * @param system the system's name for the message, for example {@code Certmgr}
   * @param prefix the adapter's property prefix, for example {@code runbooks.certmgr}
   */
  public static String refusal(
      String system, String prefix, URI url, String allowInsecureUrl, boolean hasCredentials) {
    if (url == null || !hasCredentials || "https".equalsIgnoreCase(url.getScheme())) {
      return null;
    }
    if (url.toString().equals(allowInsecureUrl)) {
      return null;
    }
    return "refusing to send " + system + " credentials to " + url + ": use https, or (for a local"
        + " simulator only) set " + prefix + ".allow-insecure-url to exactly " + url;
  }
}
