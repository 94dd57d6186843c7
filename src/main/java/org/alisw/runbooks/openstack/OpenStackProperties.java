package org.alisw.runbooks.openstack;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.openstack.*}: where the cloud is and how to log in to each project a runbook
 * may name. Documented in docs/configuration.md.
 *
 * @param defaultProject the project key used when a runbook names none
 * @param auth the credentials every project shares, normally the OS_* variables {@code ai-rc}
 *     exports (application.yaml binds them)
 * @param projects per project key, what differs from {@code auth}: at least the project name
 * @param tokenRefreshMargin a token is renewed when it has less than this left to live
 * @param connectTimeout TCP connect timeout of every call
 * @param readTimeout read timeout of every HTTP request
 * @param callTimeout deadline of one port call as a whole (Keystone login and every request it
 *     makes): the adapter gives up after it with {@link CloudUnavailableException}, so a job never
 *     outlives its lock waiting on OpenStack (JobLockGuard checks it against the lock time)
 * @param startCheckTimeout deadline of the quick look-ups start listeners make ({@link
 *     CloudLookup}), inside the start transaction: short, so a slow Keystone cannot hold database
 *     connections
 * @param imagePrefix what the guide calls the latest {@code {{site.openstack_image}}}: {@link
 *     CloudPort#latestImage} picks the newest image whose name starts with it
 */
@Validated
@ConfigurationProperties(prefix = "runbooks.openstack")
public record OpenStackProperties(
    @DefaultValue("release-testing") @NotBlank String defaultProject,
    @DefaultValue @Valid Credentials auth,
    @Valid Map<String, Credentials> projects,
    @DefaultValue("PT10M") @NotNull Duration tokenRefreshMargin,
    @DefaultValue("PT10S") @NotNull Duration connectTimeout,
    @DefaultValue("PT60S") @NotNull Duration readTimeout,
    @DefaultValue("PT2M") @NotNull Duration callTimeout,
    @DefaultValue("PT5S") @NotNull Duration startCheckTimeout,
    @DefaultValue("CC7 - x86_64") @NotBlank String imagePrefix) {

  public OpenStackProperties {
    projects = projects == null ? Map.of() : new LinkedHashMap<>(projects);
  }

  /** The same settings with every timeout cut to {@code limit}: the start checks' variant. */
  OpenStackProperties boundedBy(Duration limit) {
    return new OpenStackProperties(
        defaultProject, auth, projects, tokenRefreshMargin, min(connectTimeout, limit), min(readTimeout, limit),
        min(callTimeout, limit), startCheckTimeout, imagePrefix);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * One set of {@code OS_*} settings; any of them may be empty. Named like the variables: {@code
   * auth-url} is {@code OS_AUTH_URL}, {@code project-name} is {@code OS_PROJECT_NAME}, and so on.
   */
  public record Credentials(
      String cloud,
      String authType,
      String authUrl,
      String username,
      String password,
      String userDomainName,
      String userDomainId,
      String projectName,
      String projectId,
      String projectDomainName,
      String projectDomainId,
      String regionName,
      String token,
      String applicationCredentialId,
      String applicationCredentialSecret) {

    /** Never prints a secret. */
    @Override
    public String toString() {
      return "Credentials[cloud=" + cloud + ", authType=" + authType + ", authUrl=" + authUrl
          + ", username=" + username + ", projectName=" + projectName + ", projectId=" + projectId
          + ", regionName=" + regionName + ", password=" + mask(password) + ", token="
          + mask(token) + ", applicationCredentialId=" + applicationCredentialId
          + ", applicationCredentialSecret=" + mask(applicationCredentialSecret) + "]";
    }

    static String mask(String secret) {
      return secret == null || secret.isEmpty() ? "<unset>" : "<set>";
    }
  }
}
