package org.alisw.runbooks.foreman;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.http.Authorization;
import org.alisw.runbooks.httpservice.HttpServiceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.foreman.*}: where Foreman is, how to authenticate, which CA to trust (the
 * settings every HTTP service shares, {@link HttpServiceProperties}), plus the owner, host
 * defaults and puppetinit user data of the hosts it registers. Documented in
 * docs/configuration.md. The password and token come from the environment and never appear in
 * {@link #toString()} or in logs.
 */
@Validated
@ConfigurationProperties("runbooks.foreman")
public class ForemanProperties extends HttpServiceProperties {

  private String owner;
  private Map<String, Object> hostDefaults = new LinkedHashMap<>();
  @Valid private final PuppetInit puppetinit = new PuppetInit();

  public ForemanProperties() {
    // Foreman's host creation renders templates and talks to the smart proxies: slower than the rest.
    setRequestTimeout(Duration.ofSeconds(30));
  }

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

  @Override
  public String serviceName() {
    return "Foreman";
  }

  @Override
  public String prefix() {
    return "runbooks.foreman";
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
    String principal = getKerberos().getPrincipal();
    if (isSet(getUsername()) || getAuth() != AuthMode.KERBEROS || !isSet(principal)) {
      return getUsername();
    }
    return principal.contains("@") ? principal.substring(0, principal.indexOf('@')) : principal;
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

  public Map<String, Object> getHostDefaults() {
    return hostDefaults;
  }

  public void setHostDefaults(Map<String, Object> hostDefaults) {
    this.hostDefaults = hostDefaults;
  }

  public PuppetInit getPuppetinit() {
    return puppetinit;
  }

  @Override
  public String toString() {
    return super.toString().replaceFirst("\\]$", ", owner=" + owner + "]");
  }

  static boolean isSet(String s) {
    return Authorization.isSet(s);
  }
}
