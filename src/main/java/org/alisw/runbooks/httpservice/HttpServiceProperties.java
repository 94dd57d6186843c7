package org.alisw.runbooks.httpservice;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.http.Authorization;
import org.alisw.runbooks.http.InsecureUrl;
import org.alisw.runbooks.kerberos.KerberosSettings;

/**
 * What every HTTP service the runbooks call is configured with (Certmgr, Roger): where it is, how
 * to authenticate, which CA to trust, how long to wait. Each adapter binds a subclass under its
 * own prefix and keeps its {@code @AssertTrue} for credentials over HTTPS there, so the start-up
 * refusal names the adapter's own properties. Password and token come from the environment and
 * never appear in {@link #toString()} or in logs.
 */
public abstract class HttpServiceProperties {

  @NotNull private URI url;
  private String allowInsecureUrl;
  private String domain;
  private String username;
  private String password;
  private String token;
  private AuthMode auth;
  private final KerberosSettings kerberos = new KerberosSettings();
  private Path caBundle;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration requestTimeout = Duration.ofSeconds(15);

  /** The service's name in messages, for example {@code Certmgr}. */
  public abstract String serviceName();

  /** The adapter's property prefix, for example {@code runbooks.certmgr}. */
  public abstract String prefix();

  /** True when a user, password or token is configured: something to send with every request. */
  public boolean hasCredentials() {
    return auth == AuthMode.KERBEROS
        || Authorization.isSet(username) || Authorization.isSet(password) || Authorization.isSet(token);
  }

  /** Why the URL cannot carry the configured credentials, or null when it can (see {@link InsecureUrl}). */
  public String insecureUrlRefusal() {
    return InsecureUrl.refusal(serviceName(), prefix(), url, allowInsecureUrl, hasCredentials());
  }

  public URI getUrl() {
    return url;
  }

  public void setUrl(URI url) {
    this.url = url;
  }

  public String getAllowInsecureUrl() {
    return allowInsecureUrl;
  }

  /** Credentials go over plain http:// only to exactly this URL (a simulator on loopback). */
  public void setAllowInsecureUrl(String allowInsecureUrl) {
    this.allowInsecureUrl = allowInsecureUrl;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  /**
   * How requests authenticate: {@code kerberos} (SPNEGO with {@link #getKerberos()}), {@code
   * password}, {@code token}; unset keeps the earlier inference (Basic with a user, Bearer with a
   * token alone, none without credentials).
   */
  public AuthMode getAuth() {
    return auth;
  }

  public void setAuth(AuthMode auth) {
    this.auth = auth;
  }

  /** {@code kerberos.*}: the engine's principal, keytab, krb5.conf, alias dereferencing. */
  public KerberosSettings getKerberos() {
    return kerberos;
  }

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  public Path getCaBundle() {
    return caBundle;
  }

  public void setCaBundle(Path caBundle) {
    this.caBundle = caBundle;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[url=" + url + ", allowInsecureUrl=" + allowInsecureUrl
        + ", username=" + username
        + ", password=" + (Authorization.isSet(password) ? "***" : "unset")
        + ", token=" + (Authorization.isSet(token) ? "***" : "unset")
        + ", auth=" + auth + ", kerberos=" + kerberos
        + ", caBundle=" + caBundle + ", domain=" + domain + "]";
  }
}
