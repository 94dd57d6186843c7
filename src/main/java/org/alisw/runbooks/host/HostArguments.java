package org.alisw.runbooks.host;

import java.util.regex.Pattern;

/**
 * The strict patterns every argument must match before it reaches a command line or a socket:
 * host names, addresses, image names, container names. Anything else is refused, never escaped into shape.
 */
final class HostArguments {

  /** One lower-case RFC 1123 label: may start with a digit ({@code 1e100}, {@code 127}). */
  private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

  /**
   * The first label of a host name: the default of {@code runbooks.policy.host-name-pattern}, a DNS
   * label starting with a letter. Keep the two the same, so that a name the policy let start a
   * runbook is never refused here halfway through it.
   */
  private static final String NAME_LABEL = "[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?";

  /** A server's name, optionally with its domain: {@code alibuild01}, {@code alimesos02.cern.ch}. */
  private static final Pattern HOST = Pattern.compile(NAME_LABEL + "(?:\\." + LABEL + ")*");

  /** Where a host is reached (address file targets): any DNS name, or an IPv4 address. */
  private static final Pattern ADDRESS = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";

  /** Docker references: {@code [registry[:port]/]path[:tag][@sha256:digest]}. */
  private static final Pattern IMAGE =
      Pattern.compile(
          "(?:[a-z0-9]+(?:[.-][a-z0-9]+)*(?::[0-9]{1,5})?/)?"
              + COMPONENT
              + "(?:/"
              + COMPONENT
              + ")*"
              + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
              + "(?:@sha256:[a-f0-9]{64})?");

  /** Docker's own rule for container names. */
  private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

  private HostArguments() {}

  static String host(String host) {
    return require(host, HOST, 253, "host name");
  }

  static String address(String address) {
    return require(address, ADDRESS, 253, "host address");
  }

  static String image(String image) {
    return require(image, IMAGE, 255, "image name");
  }

  static String container(String container) {
    return require(container, CONTAINER, 128, "container name");
  }

  private static String require(String value, Pattern pattern, int maxLength, String what) {
    if (value == null || value.length() > maxLength || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("not a valid " + what + ": " + shorten(value));
    }
    return value;
  }

  private static String shorten(String value) {
    if (value == null) {
      return "null";
    }
    return value.length() <= 64 ? "'" + value + "'" : "'" + value.substring(0, 64) + "...'";
  }
}
