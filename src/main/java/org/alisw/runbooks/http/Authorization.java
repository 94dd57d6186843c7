package org.alisw.runbooks.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code Authorization} header value of the HTTP adapters that take a user, a password and a
 * token from the environment: HTTP Basic {@code user:token} (or {@code user:password}) with a user,
 * {@code Bearer token} without one, none when nothing is set. The value is a secret: never log it.
 */
public final class Authorization {

  private Authorization() {}

  /** The header value, or null when no credentials are configured. */
  public static String header(String username, String password, String token) {
    String secret = isSet(token) ? token : password;
    if (isSet(username)) {
      String pair = username + ":" + (secret == null ? "" : secret);
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    if (isSet(token)) {
      return "Bearer " + token;
    }
    return null;
  }

  /** Not null and not blank. */
  public static boolean isSet(String s) {
    return s != null && !s.isBlank();
  }
}
