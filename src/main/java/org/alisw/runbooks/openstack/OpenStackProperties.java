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
 * @param imageFamilies the image aliases ({@code cc7}, {@code alma9}), as ai-bs's {@code --cc7}:
 *     the {@code os_distro}/{@code os_distro_major} properties {@link CloudPort#latestImage} matches
 * @param defaultImageFamily the guide's {@code {{site.openstack_image}}}: the family used when a
 *     runbook names none
 * @param imageEdition the {@code os_edition} of "the latest image" (ai-bs's {@code
 *     --nova-image-edition}, default {@code Base})
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
    @Valid Map<String, ImageFamily> imageFamilies,
    @DefaultValue("cc7") @NotBlank String defaultImageFamily,
    @DefaultValue("Base") @NotBlank String imageEdition) {

  /** ai-tools' {@code --cc7}, and AlmaLinux 9 as newer ai-tools are presumed to name it (unverified). */
  static final Map<String, ImageFamily> DEFAULT_IMAGE_FAMILIES =
      Map.of("cc7", new ImageFamily("CC", "7", "CC7 - x86_64"), "alma9", new ImageFamily("ALMA", "9", "ALMA9 - x86_64"));

  public OpenStackProperties {
    projects = projects == null ? Map.of() : new LinkedHashMap<>(projects);
    imageFamilies = imageFamilies == null || imageFamilies.isEmpty() ? DEFAULT_IMAGE_FAMILIES : new LinkedHashMap<>(imageFamilies);
  }

  /** The same settings with every timeout cut to {@code limit}: the start checks' variant. */
  OpenStackProperties boundedBy(Duration limit) {
    return new OpenStackProperties(
        defaultProject, auth, projects, tokenRefreshMargin, min(connectTimeout, limit), min(readTimeout, limit),
        min(callTimeout, limit), startCheckTimeout, imageFamilies, defaultImageFamily, imageEdition);
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
