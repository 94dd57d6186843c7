package org.alisw.runbooks.kerberos;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Clock;
import java.util.Base64;
import javax.security.auth.Subject;
import org.alisw.runbooks.http.AuthenticationUnavailableException;
import org.alisw.runbooks.http.HttpAuthentication;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPNEGO client authentication with the JDK's JGSS, as ai-tools' {@code HTTPKerberosAuth}: for each
 * request, a fresh {@code Authorization: Negotiate <token>} for the service principal {@code
 * HTTP@<host>}, the host being the real one behind a load-balanced alias when {@code
 * dereference-alias} is on (and the request then goes to that host, as ai-tools' {@code deref_url}).
 * The token is an authenticator: it is sent, never logged or stored.
 */
public final class SpnegoAuthentication implements HttpAuthentication {

  private static final Logger log = LoggerFactory.getLogger(SpnegoAuthentication.class);
  static final Oid SPNEGO = oid("1.3.6.1.5.5.2");

  private final String system;
  private final String prefix;
  private final boolean dereferenceAlias;
  private final KerberosLogin login;

  /**
   * @param system the service's name for messages, for example {@code Foreman}
   * @param prefix its property prefix, for example {@code runbooks.foreman}
   * @throws IllegalArgumentException when the settings are incomplete (what to set, in the message)
   */
  public SpnegoAuthentication(String system, String prefix, KerberosSettings settings) {
    this(system, prefix, settings, Clock.systemUTC());
  }

  SpnegoAuthentication(String system, String prefix, KerberosSettings settings, Clock clock) {
    var problems = settings.problems(prefix);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          prefix + ".auth is kerberos, but " + String.join("; ", problems));
    }
    Krb5Conf.use(settings.getKrb5Conf(), prefix + ".kerberos.krb5-conf");
    this.system = system;
    this.prefix = prefix;
    this.dereferenceAlias = settings.isDereferenceAlias();
    this.login = new KerberosLogin(settings, prefix, clock);
  }

  @Override
  public Authenticated authenticate(URI url) {
    String host = url.getHost();
    String target = dereferenceAlias ? AliasDereferencer.realHost(host, prefix + ".kerberos.dereference-alias") : host;
    Subject subject = login.subject();
    byte[] token;
    try {
      token = Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> initialToken(target));
    } catch (PrivilegedActionException e) {
      throw failure(host, target, (GSSException) e.getException());
    }
    log.debug("{}: SPNEGO for HTTP@{} as {}", system, target, login.principal());
    return new Authenticated(withHost(url, target), "Negotiate " + Base64.getEncoder().encodeToString(token));
  }

  private static byte[] initialToken(String host) throws GSSException {
    GSSManager manager = GSSManager.getInstance();
    GSSName service = manager.createName("HTTP@" + host, GSSName.NT_HOSTBASED_SERVICE);
    // Credentials null: the TGT of the Subject this runs as (javax.security.auth.useSubjectCredsOnly).
    GSSContext context = manager.createContext(service, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
    try {
      context.requestMutualAuth(false);
      context.requestCredDeleg(false);
      return context.initSecContext(new byte[0], 0, 0);
    } finally {
      context.dispose();
    }
  }

  @Override
  public String rejectionAdvice() {
    return system + " did not accept the Kerberos ticket of " + login.principal() + ": check that " + system
        + " is known by its real host name (" + prefix + ".kerberos.dereference-alias=" + dereferenceAlias
        + "; a load-balanced alias needs true), that " + login.principal() + " is a user " + system
        + " knows, and that the clocks of both hosts are in sync";
  }

  private AuthenticationUnavailableException failure(String host, String target, GSSException e) {
    String reason = e.getMessage();
    String r = reason == null ? "" : reason.toLowerCase();
    String spn = "HTTP/" + target;
    if (r.contains("server not found")) {
      String alias = dereferenceAlias
          ? " (" + host + " was dereferenced to " + target + ")"
          : "; if " + host + " is a load-balanced alias, set " + prefix + ".kerberos.dereference-alias=true so the"
              + " principal names the host behind it, as ai-tools do";
      return new AuthenticationUnavailableException(
          "the KDC has no service principal " + spn + " for " + system + " (" + reason + "): check " + prefix
              + ".url" + alias, false);
    }
    if (r.contains("receive timed out") || r.contains("connection refused") || r.contains("cannot contact")
        || r.contains("locate kdc")) {
      return new AuthenticationUnavailableException(
          "no KDC answered the request for a " + spn + " ticket (" + reason + "); try again later", true);
    }
    if (r.contains("clock skew")) {
      return new AuthenticationUnavailableException(
          "the KDC refused a " + spn + " ticket: clocks differ too much (" + reason + "); synchronise the clocks",
          false);
    }
    return new AuthenticationUnavailableException(
        "could not get a Kerberos ticket of " + login.principal() + " for " + spn + " (" + reason + "): check "
            + prefix + ".kerberos.*", false);
  }

  private static URI withHost(URI url, String host) {
    if (host.equalsIgnoreCase(url.getHost())) {
      return url;
    }
    try {
      return new URI(url.getScheme(), url.getUserInfo(), host, url.getPort(), url.getPath(), url.getQuery(),
          url.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Oid oid(String s) {
    try {
      return new Oid(s);
    } catch (GSSException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "SPNEGO as " + login.principal();
  }
}
