package org.alisw.runbooks.kerberos;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.alisw.runbooks.http.AuthenticationUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's Kerberos identity: a JAAS {@code Krb5LoginModule} login with a programmatic
 * configuration (keytab or ticket cache, principal, {@code refreshKrb5Config}), done again when
 * the ticket-granting ticket nears its end, so tickets never expire under a long-running engine.
 * Tickets and keys stay in the {@link Subject}, in memory; only their principal and end time are
 * logged.
 */
final class KerberosLogin {

  private static final Logger log = LoggerFactory.getLogger(KerberosLogin.class);
  private static final String MODULE = "com.sun.security.auth.module.Krb5LoginModule";
  /** Log in again this long before the TGT ends, at most (a fifth of its lifetime for short ones). */
  static final Duration MAX_MARGIN = Duration.ofMinutes(10);

  private final String principal;
  private final Path keytab;
  private final Path ticketCache;
  private final String prefix;
  private final Clock clock;
  private Subject subject;
  private KerberosTicket tgt;

  KerberosLogin(KerberosSettings s, String prefix, Clock clock) {
    this.principal = s.getPrincipal();
    this.keytab = s.getKeytab();
    this.ticketCache = s.getTicketCache();
    this.prefix = prefix + ".kerberos.";
    this.clock = clock;
  }

  /** A Subject holding a TGT valid for a while yet; logs in (again) first when needed. */
  synchronized Subject subject() {
    Instant now = clock.instant();
    if (tgt == null || tgt.isDestroyed() || !now.isBefore(renewAt(tgt))) {
      login(now);
    }
    return subject;
  }

  /** The principal this login is for. */
  String principal() {
    return principal;
  }

  static Instant renewAt(KerberosTicket tgt) {
    Instant start = (tgt.getStartTime() != null ? tgt.getStartTime() : tgt.getAuthTime()).toInstant();
    Instant end = tgt.getEndTime().toInstant();
    Duration margin = Duration.between(start, end).dividedBy(5);
    return end.minus(margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : margin);
  }

  private void login(Instant now) {
    Subject fresh = new Subject();
    try {
      new LoginContext("runbooks-kerberos", fresh, null, configuration()).login();
    } catch (LoginException e) {
      throw failure(e, now);
    }
    KerberosTicket found = fresh.getPrivateCredentials(KerberosTicket.class).stream()
        .filter(t -> t.getServer().getName().startsWith("krbtgt/"))
        .findFirst()
        .orElseThrow(() -> new AuthenticationUnavailableException(
            "Kerberos login of " + principal + " gave no ticket-granting ticket: check " + source(), false));
    if (!found.getEndTime().toInstant().isAfter(now)) {
      throw new AuthenticationUnavailableException(expired(found.getEndTime().toInstant()), false);
    }
    // The previous Subject is dropped, not logged out: another thread may be using its tickets now.
    this.subject = fresh;
    this.tgt = found;
    log.info("Kerberos: {} has a ticket-granting ticket valid until {} (from {})",
        principal, found.getEndTime().toInstant(), keytab != null ? "keytab " + keytab : "ticket cache " + ticketCache);
  }

  private Configuration configuration() {
    Map<String, String> options = new HashMap<>();
    options.put("principal", principal);
    options.put("doNotPrompt", "true");
    options.put("refreshKrb5Config", "true");
    options.put("isInitiator", "true");
    if (keytab != null) {
      options.put("useKeyTab", "true");
      options.put("keyTab", keytab.toAbsolutePath().toString());
      options.put("storeKey", "true");
    } else {
      options.put("useTicketCache", "true");
      options.put("ticketCache", ticketCache.toAbsolutePath().toString());
      options.put("renewTGT", "true");
    }
    AppConfigurationEntry[] entries = {
      new AppConfigurationEntry(MODULE, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)
    };
    return new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return entries;
      }
    };
  }

  private String source() {
    return keytab != null ? prefix + "keytab " + keytab : prefix + "ticket-cache " + ticketCache;
  }

  private String expired(Instant end) {
    return "the Kerberos ticket of " + principal + " in " + source() + " expired at " + end + " and cannot be"
        + " renewed: renew the cache (kinit/k5start), or give the engine a keytab of its own (" + prefix
        + "keytab, from cern-get-keytab) so it obtains new tickets itself";
  }

  /** A login failure as what to check; the JDK's reason is kept, it holds no key material. */
  private AuthenticationUnavailableException failure(LoginException e, Instant now) {
    String reason = reasons(e);
    String r = reason.toLowerCase();
    if (r.contains("receive timed out") || r.contains("connection refused") || r.contains("cannot contact")
        || r.contains("unable to locate kdc") || r.contains("cannot locate kdc") || r.contains("network is unreachable")) {
      return new AuthenticationUnavailableException(
          "no KDC answered the Kerberos login of " + principal + " (" + reason + "): check the KDCs of the realm in"
              + " krb5.conf (" + prefix + "krb5-conf) and that the engine's host can reach them; try again later", true);
    }
    if (r.contains("clock skew")) {
      return new AuthenticationUnavailableException(
          "the KDC refused the Kerberos login of " + principal + " because the clocks differ too much (" + reason
              + "): synchronise the engine host's clock (chrony/ntp)", false);
    }
    if (r.contains("client not found")) {
      return new AuthenticationUnavailableException(
          "the KDC does not know the principal " + principal + " (" + reason + "): check " + prefix
              + "principal, its realm, and " + prefix + "krb5-conf", false);
    }
    if (ticketCache != null && tgt != null && !tgt.getEndTime().toInstant().isAfter(now)) {
      return new AuthenticationUnavailableException(expired(tgt.getEndTime().toInstant()) + " (" + reason + ")", false);
    }
    if (ticketCache != null) {
      return new AuthenticationUnavailableException(
          "no valid Kerberos ticket of " + principal + " in " + source() + " (" + reason + "): it is missing,"
              + " for another principal, or expired and not renewable; renew the cache (kinit/k5start), or give the"
              + " engine a keytab of its own (" + prefix + "keytab, from cern-get-keytab)", false);
    }
    return new AuthenticationUnavailableException(
        "the keytab " + keytab + " does not hold a valid key for " + principal + " (" + reason + "): check "
            + prefix + "principal against `klist -kt " + keytab + "`; if the key changed since (cern-get-keytab run"
            + " again elsewhere raises the key version), fetch the keytab again for this host", false);
  }

  private static String reasons(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null && b.length() < 400; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && b.indexOf(m) < 0) {
        if (b.length() > 0) {
          b.append(": ");
        }
        b.append(m.strip());
      }
    }
    return b.length() == 0 ? e.getClass().getSimpleName() : b.toString();
  }
}
