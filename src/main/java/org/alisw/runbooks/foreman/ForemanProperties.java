package org.alisw.runbooks.foreman;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
  private String username;
  private String password;
  private String token;
  private Path caBundle;
  private String domain;
  private Map<String, Object> hostDefaults = new LinkedHashMap<>();
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration requestTimeout = Duration.ofSeconds(30);

  public URI getUrl() {
    return url;
  }

  public void setUrl(URI url) {
    this.url = url;
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
    return "ForemanProperties[url=" + url + ", username=" + username
        + ", password=" + (isSet(password) ? "***" : "unset")
        + ", token=" + (isSet(token) ? "***" : "unset")
        + ", caBundle=" + caBundle + ", domain=" + domain + "]";
  }

  static boolean isSet(String s) {
    return s != null && !s.isBlank();
  }
}
