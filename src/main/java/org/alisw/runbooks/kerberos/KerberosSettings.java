package org.alisw.runbooks.kerberos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code runbooks.<service>.kerberos.*} (Foreman, Certmgr, Roger): the engine's own Kerberos
 * identity when {@code runbooks.<service>.auth=kerberos}. A keytab (what {@code cern-get-keytab}
 * writes for a service account) lets the engine obtain and re-obtain its tickets itself; a ticket
 * cache kept fresh by another tool ({@code k5start}, {@code kinit -k}) is read again when its ticket
 * nears its end. Neither holds anything printable: {@link #toString()} shows paths only.
 */
public class KerberosSettings {

  private String principal;
  private Path keytab;
  private Path ticketCache;
  private Path krb5Conf;
  private boolean dereferenceAlias = true;

  /** The engine's principal, for example {@code alibuild-runbooks@CERN.CH}. */
  public String getPrincipal() {
    return principal;
  }

  public void setPrincipal(String principal) {
    this.principal = principal;
  }

  /** The keytab holding the principal's key (readable by the engine's user only). */
  public Path getKeytab() {
    return keytab;
  }

  public void setKeytab(Path keytab) {
    this.keytab = keytab;
  }

  /** Instead of a keytab: a credential cache another tool keeps fresh (FILE: path). */
  public Path getTicketCache() {
    return ticketCache;
  }

  public void setTicketCache(Path ticketCache) {
    this.ticketCache = ticketCache;
  }

  /** The krb5.conf to use (realm, KDCs); unset: the JVM's default ({@code /etc/krb5.conf}). */
  public Path getKrb5Conf() {
    return krb5Conf;
  }

  public void setKrb5Conf(Path krb5Conf) {
    this.krb5Conf = krb5Conf;
  }

  /**
   * As ai-tools' {@code deref_url}: resolve the URL's host (a load-balanced alias), pick one of its
   * addresses, reverse-resolve it, and call that host, so the service principal {@code HTTP/<host>}
   * is the real host's. Default true, as in ai-tools.
   */
  public boolean isDereferenceAlias() {
    return dereferenceAlias;
  }

  public void setDereferenceAlias(boolean dereferenceAlias) {
    this.dereferenceAlias = dereferenceAlias;
  }

  /**
   * What is missing or wrong for SPNEGO, one operator-readable line each; empty when usable.
   *
   * @param prefix the service's property prefix, for example {@code runbooks.foreman}
   */
  public List<String> problems(String prefix) {
    List<String> problems = new ArrayList<>();
    String p = prefix + ".kerberos.";
    if (principal == null || principal.isBlank()) {
      problems.add(p + "principal is not set (the engine's own principal, for example alibuild-runbooks@CERN.CH)");
    } else if (!principal.contains("@")) {
      problems.add(p + "principal " + principal + " has no realm: write it in full, for example " + principal + "@CERN.CH");
    }
    if (keytab == null && ticketCache == null) {
      problems.add("neither " + p + "keytab nor " + p + "ticket-cache is set: the engine needs a keytab of its own"
          + " (cern-get-keytab) to obtain tickets");
    } else if (keytab != null && ticketCache != null) {
      problems.add("both " + p + "keytab and " + p + "ticket-cache are set: use one");
    } else if (keytab != null && !Files.isReadable(keytab)) {
      problems.add(p + "keytab " + keytab + " does not exist or is not readable by the engine's user");
    }
    if (krb5Conf != null && !Files.isReadable(krb5Conf)) {
      problems.add(p + "krb5-conf " + krb5Conf + " does not exist or is not readable");
    }
    return problems;
  }

  @Override
  public String toString() {
    return "KerberosSettings[principal=" + principal + ", keytab=" + keytab + ", ticketCache=" + ticketCache
        + ", krb5Conf=" + krb5Conf + ", dereferenceAlias=" + dereferenceAlias + "]";
  }
}
