package org.alisw.runbooks.http;

/**
 * No credential could be produced for a request (Kerberos: no ticket, wrong keytab, unknown
 * service principal, KDC unreachable). The message says what an operator should check; it never
 * holds key material or ticket bytes. {@link #isTransient()} tells a KDC that did not answer (try
 * again later) from a configuration an operator must fix (retrying will not help).
 */
public class AuthenticationUnavailableException extends RuntimeException {

  private final boolean transientFailure;

  public AuthenticationUnavailableException(String message, boolean transientFailure) {
    super(message);
    this.transientFailure = transientFailure;
  }

  /** True when the same request may succeed later without anyone changing anything. */
  public boolean isTransient() {
    return transientFailure;
  }
}
