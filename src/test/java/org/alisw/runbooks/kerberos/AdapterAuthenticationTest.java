package org.alisw.runbooks.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.alisw.runbooks.foreman.ForemanClient;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.http.HttpAuthentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the authentication of an adapter: each mode refuses, at start, what it lacks. */
class AdapterAuthenticationTest {

  private static final URI FOREMAN = URI.create("https://judy.cern.ch:8443/api/v2/hosts");

  private static HttpAuthentication of(AuthMode mode, String user, String password, String token, KerberosSettings k) {
    return AdapterAuthentication.of(
        "Foreman", "runbooks.foreman", "FOREMAN_PASSWORD / FOREMAN_TOKEN", mode, user, password, token, k);
  }

  @Test
  void unsetKeepsTheEarlierInferenceBasicBearerOrNone() {
    assertThat(of(null, "svc", "pw", null, new KerberosSettings()).authenticate(FOREMAN).authorization()).startsWith("Basic ");
    assertThat(of(null, null, null, "tok", new KerberosSettings()).authenticate(FOREMAN).authorization()).isEqualTo("Bearer tok");
    assertThat(of(null, null, null, null, new KerberosSettings()).authenticate(FOREMAN).authorization()).isNull();
    assertThat(of(null, "svc", "pw", null, new KerberosSettings()).authenticate(FOREMAN).url()).isEqualTo(FOREMAN);
  }

  @Test
  void passwordAndTokenModesRefuseWhatTheyLack() {
    assertThatThrownBy(() -> of(AuthMode.PASSWORD, "svc", null, "tok", new KerberosSettings()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runbooks.foreman.auth is password")
        .hasMessageContaining("FOREMAN_PASSWORD");
    assertThatThrownBy(() -> of(AuthMode.TOKEN, "svc", "pw", null, new KerberosSettings()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runbooks.foreman.auth is token");
    assertThat(of(AuthMode.PASSWORD, "svc", "pw", "tok", new KerberosSettings()).authenticate(FOREMAN).authorization())
        .isEqualTo("Basic c3ZjOnB3"); // svc:pw, the token ignored
  }

  @Test
  void kerberosWithoutPrincipalOrKeytabSaysWhatToSet() {
    assertThatThrownBy(() -> of(AuthMode.KERBEROS, null, null, null, new KerberosSettings()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runbooks.foreman.kerberos.principal is not set")
        .hasMessageContaining("neither runbooks.foreman.kerberos.keytab nor runbooks.foreman.kerberos.ticket-cache")
        .hasMessageContaining("cern-get-keytab");
  }

  @Test
  void kerberosRefusesAPrincipalWithoutRealmAMissingKeytabAndTwoSources(@TempDir Path dir) throws Exception {
    KerberosSettings k = new KerberosSettings();
    k.setPrincipal("alibuild-runbooks");
    k.setKeytab(dir.resolve("missing.keytab"));
    assertThatThrownBy(() -> of(AuthMode.KERBEROS, null, null, null, k))
        .hasMessageContaining("principal alibuild-runbooks has no realm")
        .hasMessageContaining("keytab " + dir.resolve("missing.keytab") + " does not exist or is not readable");

    k.setPrincipal("alibuild-runbooks@CERN.CH");
    k.setKeytab(Files.writeString(dir.resolve("k.keytab"), "x"));
    k.setTicketCache(dir.resolve("cc"));
    assertThatThrownBy(() -> of(AuthMode.KERBEROS, null, null, null, k))
        .hasMessageContaining("both runbooks.foreman.kerberos.keytab and runbooks.foreman.kerberos.ticket-cache");
  }

  @Test
  void twoDifferentKrb5ConfsInOneJvmAreRefused(@TempDir Path dir) throws Exception {
    String previous = System.getProperty(Krb5Conf.PROPERTY);
    try {
      Path a = Files.writeString(dir.resolve("a.conf"), "");
      Path b = Files.writeString(dir.resolve("b.conf"), "");
      System.setProperty(Krb5Conf.PROPERTY, a.toString());
      Krb5Conf.use(a, "runbooks.certmgr.kerberos.krb5-conf"); // the same file: fine
      assertThatThrownBy(() -> Krb5Conf.use(b, "runbooks.roger.kerberos.krb5-conf"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("runbooks.roger.kerberos.krb5-conf is " + b)
          .hasMessageContaining("a JVM has one krb5.conf");
    } finally {
      if (previous == null) {
        System.clearProperty(Krb5Conf.PROPERTY);
      } else {
        System.setProperty(Krb5Conf.PROPERTY, previous);
      }
    }
  }

  @Test
  void aNegotiateTokenIsACredentialSoPlainHttpNeedsTheExplicitAllowance(@TempDir Path dir) throws Exception {
    ForemanProperties p = new ForemanProperties();
    p.setUrl(URI.create("http://judy.cern.ch:8443"));
    p.setAuth(AuthMode.KERBEROS);
    p.getKerberos().setPrincipal("alibuild-runbooks@CERN.CH");
    p.getKerberos().setKeytab(Files.writeString(dir.resolve("k.keytab"), "x"));

    assertThat(p.isCredentialsOnlyOverHttps()).isFalse();
    assertThatThrownBy(() -> new ForemanClient(p)).hasMessageContaining("refusing to send Foreman credentials");
    assertThat(p.toString()).contains("auth=KERBEROS").contains("principal=alibuild-runbooks@CERN.CH");
  }
}
