package org.alisw.runbooks.http;

import java.net.URI;

/**
 * How an HTTP adapter (Foreman, Certmgr, Roger) authenticates one request: the URL to call (SPNEGO
 * may move it from a load-balanced alias to the real host behind it) and the {@code Authorization}
 * header. The header is a secret (a password, a token, a Kerberos authenticator): never log it.
 */
public interface HttpAuthentication {

  /** The URL to call and the header to send (null: none). */
  record Authenticated(URI url, String authorization) {
    @Override
    public String toString() {
      return "Authenticated[url=" + url + ", authorization=" + (authorization == null ? "none" : "***") + "]";
    }
  }

  /**
   * The target and header for a request to {@code url}.
   *
   * @throws AuthenticationUnavailableException when no credential can be produced right now
   */
  Authenticated authenticate(URI url);

  /** What an operator should check when the service answers 401 to this authentication. */
  String rejectionAdvice();

  /** A fixed header (HTTP Basic, Bearer) or none, with the advice for a 401. */
  static HttpAuthentication fixed(String authorization, String rejectionAdvice) {
    return new HttpAuthentication() {
      @Override
      public Authenticated authenticate(URI url) {
        return new Authenticated(url, authorization);
      }

      @Override
      public String rejectionAdvice() {
        return rejectionAdvice;
      }

      @Override
      public String toString() {
        return authorization == null ? "no authentication" : authorization.substring(0, authorization.indexOf(' ')) + " ***";
      }
    };
  }
}
