package org.alisw.runbooks.roger;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.alisw.runbooks.http.Authorization;
import org.alisw.runbooks.http.InsecureUrl;
import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.kerberos.KerberosSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.roger.*}: where Roger is, how to authenticate, which CA to trust. Documented
 * in docs/configuration.md. The password and token come from the environment and never appear in
 * {@link #toString()} or in logs.
 */
@Validated
@ConfigurationProperties("runbooks.roger")
public class RogerProperties {

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

  /** True when a user, password or token is configured: something to send with every request. */
  boolean hasCredentials() {
    return auth == AuthMode.KERBEROS
        || Authorization.isSet(username) || Authorization.isSet(password) || Authorization.isSet(token);
  }

  /** Credentials only over HTTPS, unless this exact URL is allowed (see {@link InsecureUrl}). */
  @AssertTrue(
      message =
          "runbooks.roger.url must be https:// when Roger credentials are configured (HTTP Basic or"
              + " Bearer credentials would cross the network in clear text); only for a local simulator,"
              + " set runbooks.roger.allow-insecure-url to exactly that URL")
  public boolean isCredentialsOnlyOverHttps() {
    return insecureUrlRefusal() == null;
  }

  /** Why the URL cannot carry the configured credentials, or null when it can. */
  String insecureUrlRefusal() {
    return InsecureUrl.refusal("Roger", "runbooks.roger", url, allowInsecureUrl, hasCredentials());
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
    return "RogerProperties[url=" + url + ", allowInsecureUrl=" + allowInsecureUrl + ", username=" + username
        + ", password=" + (Authorization.isSet(password) ? "***" : "unset")
        + ", token=" + (Authorization.isSet(token) ? "***" : "unset")
        + ", auth=" + auth + ", kerberos=" + kerberos
        + ", caBundle=" + caBundle + ", domain=" + domain + "]";
  }
}
