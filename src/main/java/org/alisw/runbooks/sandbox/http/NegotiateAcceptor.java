package org.alisw.runbooks.sandbox.http;

import com.sun.net.httpserver.HttpExchange;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kerberos mode of the simulated Foreman, Certmgr and Roger: an {@code Authorization: Negotiate
 * <token>} is accepted only if the JDK's GSS acceptor, holding the service's keys from a keytab
 * (as mod_auth_gssapi does in front of the real services), validates it against the KDC's key;
 * anything else gets 401 with {@code WWW-Authenticate: Negotiate}. The token is never logged.
 */
public final class NegotiateAcceptor {

  private static final Logger log = LoggerFactory.getLogger(NegotiateAcceptor.class);

  private final String servicePrincipal;
  private final Subject subject = new Subject();
  private volatile String lastRejection = "";

  /**
   * Logs in as the service (no KDC exchange: an acceptor only needs its keys).
   *
   * @param servicePrincipal {@code HTTP/host@REALM}, or {@code *} for any principal of the keytab
   */
  public NegotiateAcceptor(Path keytab, String servicePrincipal) {
    this.servicePrincipal = servicePrincipal;
    Map<String, String> options = Map.of(
        "useKeyTab", "true",
        "keyTab", keytab.toAbsolutePath().toString(),
        "principal", servicePrincipal,
        "storeKey", "true",
        "doNotPrompt", "true",
        "isInitiator", "false",
        "refreshKrb5Config", "true");
    AppConfigurationEntry[] entries = {
      new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
          AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)
    };
    try {
      new LoginContext("simulated-service", subject, null, new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
          return entries;
        }
      }).login();
    } catch (LoginException e) {
      throw new IllegalStateException("cannot load the keys of " + servicePrincipal + " from " + keytab + ": " + e.getMessage(), e);
    }
  }

  /** The client principal of a valid {@code Negotiate} header; empty for anything else. */
  public Optional<String> accept(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Negotiate ", 0, 10)) {
      lastRejection = "no Negotiate header";
      return Optional.empty();
    }
    byte[] token;
    try {
      token = Base64.getDecoder().decode(authorization.substring(10).trim());
    } catch (IllegalArgumentException e) {
      lastRejection = "the Negotiate token is not base64";
      return Optional.empty();
    }
    try {
      return Optional.of(Subject.doAs(subject, (PrivilegedExceptionAction<String>) () -> {
        GSSContext context = GSSManager.getInstance().createContext((GSSCredential) null);
        try {
          context.acceptSecContext(token, 0, token.length);
          if (!context.isEstablished()) {
            throw new GSSException(GSSException.DEFECTIVE_TOKEN, 0, "context not established in one step");
          }
          return context.getSrcName().toString();
        } finally {
          context.dispose();
        }
      }));
    } catch (PrivilegedActionException e) {
      lastRejection = String.valueOf(e.getException().getMessage());
      log.info("{} rejected a Negotiate token: {}", servicePrincipal, lastRejection);
      return Optional.empty();
    }
  }

  /** Why the last token was refused (for tests and the sandbox log). */
  public String lastRejection() {
    return lastRejection;
  }

  /** The challenge a 401 carries. */
  public static void challenge(HttpExchange exchange) {
    exchange.getResponseHeaders().set("WWW-Authenticate", "Negotiate");
  }
}
