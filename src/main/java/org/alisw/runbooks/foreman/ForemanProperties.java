package org.alisw.runbooks.foreman;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.kerberos.KerberosSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.foreman.*}: where Foreman is, how to authenticate, which CA to trust. Documented
 * in docs/configuration.md. The password and token come from the environment and never appear in
 * {@link #toString()} or in logs.
 */
@Validated
@ConfigurationProperties("runbooks.foreman")
public class ForemanProperties {

  @NotNull private URI url;
  private String allowInsecureUrl;
  private String username;
  private String password;
  private String token;
  private AuthMode auth;
  private final KerberosSettings kerberos = new KerberosSettings();
  private String owner;
  private Path caBundle;
  private String domain;
  private Map<String, Object> hostDefaults = new LinkedHashMap<>();
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration requestTimeout = Duration.ofSeconds(30);
  @Valid private final PuppetInit puppetinit = new PuppetInit();

  /** {@code runbooks.foreman.puppetinit.*}: the user data a new VM boots with. */
  public static class PuppetInit {

    private Path template;
    @NotBlank private String puppetmasterHostname = "it-puppet-masters-public.cern.ch";
    private Map<String, String> variables = new LinkedHashMap<>();

    /** The template file; null for the shipped default (modelled on ai-tools' puppetinit). */
    public Path getTemplate() {
      return template;
    }

    public void setTemplate(Path template) {
      this.template = template;
    }

    public String getPuppetmasterHostname() {
      return puppetmasterHostname;
    }

    public void setPuppetmasterHostname(String puppetmasterHostname) {
      this.puppetmasterHostname = puppetmasterHostname;
    }

    /** Further placeholders a site's own template uses (ai-tools': _NO_REBOOT, ...). */
    public Map<String, String> getVariables() {
      return variables;
    }

    public void setVariables(Map<String, String> variables) {
      this.variables = variables;
    }
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

  public void setAllowInsecureUrl(String allowInsecureUrl) {
    this.allowInsecureUrl = allowInsecureUrl;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }

  /**
   * The Foreman login that owns the hosts we register: {@link #getOwner()}, else the API user, else
   * (Kerberos) the principal without its realm, as ai-bs makes the caller's principal the owner.
   */
  String ownerLogin() {
    if (isSet(owner)) {
      return owner;
    }
    if (isSet(username) || auth != AuthMode.KERBEROS || !isSet(kerberos.getPrincipal())) {
      return username;
    }
    String principal = kerberos.getPrincipal();
    return principal.contains("@") ? principal.substring(0, principal.indexOf('@')) : principal;
  }

  /** True when a user, password or token is configured: something to send with every request. */
  boolean hasCredentials() {
    return auth == AuthMode.KERBEROS || isSet(username) || isSet(password) || isSet(token);
  }

  /**
   * Credentials only over HTTPS: Basic and Bearer credentials travel in every request and plain
   * HTTP would show them to the network. A simulator on loopback is allowed by naming its URL,
   * exactly, in {@code allow-insecure-url}.
   */
  @AssertTrue(
      message =
          "runbooks.foreman.url must be https:// when Foreman credentials are configured (HTTP Basic or"
              + " Bearer credentials would cross the network in clear text); only for a local simulator,"
              + " set runbooks.foreman.allow-insecure-url to exactly that URL")
  public boolean isCredentialsOnlyOverHttps() {
    return insecureUrlRefusal() == null;
  }

  /** Why the URL cannot carry the configured credentials, or null when it can. */
  String insecureUrlRefusal() {
    if (url == null || !hasCredentials() || "https".equalsIgnoreCase(url.getScheme())) {
      return null;
    }
    if (url.toString().equals(allowInsecureUrl)) {
      return null;
    }
    return "refusing to send Foreman credentials to " + url + ": use https, or (for a local simulator"
        + " only) set runbooks.foreman.allow-insecure-url to exactly " + url;
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

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public Map<String, Object> getHostDefaults() {
    return hostDefaults;
  }

  public void setHostDefaults(Map<String, Object> hostDefaults) {
    this.hostDefaults = hostDefaults;
  }

  public PuppetInit getPuppetinit() {
    return puppetinit;
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
    return "ForemanProperties[url=" + url + ", allowInsecureUrl=" + allowInsecureUrl + ", username=" + username
        + ", password=" + (isSet(password) ? "***" : "unset")
        + ", token=" + (isSet(token) ? "***" : "unset")
        + ", owner=" + owner + ", auth=" + auth + ", kerberos=" + kerberos
        + ", caBundle=" + caBundle + ", domain=" + domain + "]";
  }

  static boolean isSet(String s) {
    return s != null && !s.isBlank();
  }
}
