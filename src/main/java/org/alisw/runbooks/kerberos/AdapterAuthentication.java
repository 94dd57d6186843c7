package org.alisw.runbooks.kerberos;

import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.http.Authorization;
import org.alisw.runbooks.http.HttpAuthentication;

/**
 * The {@link HttpAuthentication} of one HTTP adapter from its {@code auth} setting: {@code kerberos}
 * (SPNEGO), {@code password}, {@code token}, or unset (as before: Basic with a user, Bearer with a
 * token alone, none without credentials). A mode whose settings are missing is refused with what to
 * set.
 */
public final class AdapterAuthentication {

  private AdapterAuthentication() {}

  /**
   * @param system for messages, for example {@code Foreman}
   * @param prefix the property prefix, for example {@code runbooks.foreman}
   * @param secretVariables the environment variables holding password and token, for messages
   * @throws IllegalArgumentException when the chosen mode lacks its settings
   */
  public static HttpAuthentication of(
      String system, String prefix, String secretVariables, AuthMode mode, String username, String password,
      String token, KerberosSettings kerberos) {
    String basicAdvice = system + " did not accept the runbooks' credentials: check " + prefix + ".username and "
        + secretVariables;
    if (mode == null) {
      return HttpAuthentication.fixed(Authorization.header(username, password, token), basicAdvice);
    }
    return switch (mode) {
      case KERBEROS -> new SpnegoAuthentication(system, prefix, kerberos);
      case PASSWORD -> {
        if (!Authorization.isSet(username) || !Authorization.isSet(password)) {
          throw new IllegalArgumentException(
              prefix + ".auth is password, but " + prefix + ".username or the password (" + secretVariables
                  + ") is not set");
        }
        yield HttpAuthentication.fixed(Authorization.header(username, password, null), basicAdvice);
      }
      case TOKEN -> {
        if (!Authorization.isSet(token)) {
          throw new IllegalArgumentException(
              prefix + ".auth is token, but no token is set (" + secretVariables + ")");
        }
        yield HttpAuthentication.fixed(Authorization.header(username, null, token), basicAdvice);
      }
    };
  }
}
