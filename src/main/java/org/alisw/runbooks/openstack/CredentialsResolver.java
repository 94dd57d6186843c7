package org.alisw.runbooks.openstack;

import java.util.Optional;
import java.util.function.Function;
import org.alisw.runbooks.openstack.OpenStackProperties.Credentials;
import org.alisw.runbooks.openstack.ProjectCredentials.AuthType;

/**
 * Turns a project key into credentials. Per setting, the project's own entry wins over the shared
 * {@code auth} block (the OS_* variables), which wins over the cloud named by {@code cloud}
 * ({@code OS_CLOUD}) in clouds.yaml. The project (name or id, with its domain) is taken as a unit
 * from the first of these that names one, so the OS_PROJECT_ID of one project never leaks into
 * another.
 */
final class CredentialsResolver {

  private final OpenStackProperties properties;
  private final CloudsYaml cloudsYaml;

  CredentialsResolver(OpenStackProperties properties, CloudsYaml cloudsYaml) {
    this.properties = properties;
    this.cloudsYaml = cloudsYaml;
  }

  ProjectCredentials resolve(String projectKey) {
    Credentials project = properties.projects().get(projectKey);
    if (project == null) {
      throw new CloudAuthenticationException(
          "Unknown OpenStack project '" + projectKey + "'; configured projects: "
              + properties.projects().keySet() + " (runbooks.openstack.projects)");
    }
    Credentials shared = properties.auth() == null ? empty() : properties.auth();
    String cloudName = first(project.cloud(), shared.cloud());
    Credentials cloud =
        cloudName == null
            ? empty()
            : cloudsYaml
                .cloud(cloudName)
                .orElseThrow(
                    () -> new CloudAuthenticationException(
                        "OS_CLOUD '" + cloudName + "' (project " + projectKey
                            + ") is defined in no clouds.yaml; looked at " + cloudsYaml.describeSearchPath()));
    Credentials scope = Optional.of(project).filter(CredentialsResolver::namesProject)
        .or(() -> Optional.of(shared).filter(CredentialsResolver::namesProject))
        .orElse(cloud);
    String token = pick(Credentials::token, project, shared, cloud);
    String appCredId = pick(Credentials::applicationCredentialId, project, shared, cloud);
    ProjectCredentials resolved =
        new ProjectCredentials(
            projectKey,
            AuthType.parse(pick(Credentials::authType, project, shared, cloud), token, appCredId),
            trimSlash(pick(Credentials::authUrl, project, shared, cloud)),
            pick(Credentials::username, project, shared, cloud),
            pick(Credentials::password, project, shared, cloud),
            pick(Credentials::userDomainName, project, shared, cloud),
            pick(Credentials::userDomainId, project, shared, cloud),
            blankToNull(scope.projectName()),
            blankToNull(scope.projectId()),
            first(scope.projectDomainName(), pick(Credentials::projectDomainName, project, shared, cloud)),
            first(scope.projectDomainId(), pick(Credentials::projectDomainId, project, shared, cloud)),
            pick(Credentials::regionName, project, shared, cloud),
            token,
            appCredId,
            pick(Credentials::applicationCredentialSecret, project, shared, cloud));
    check(resolved);
    return resolved;
  }

  /** Fails with the name of the missing setting, before Keystone is asked anything. */
  private static void check(ProjectCredentials c) {
    String where = " for OpenStack project " + c.describe();
    require(c.authUrl(), "OS_AUTH_URL (runbooks.openstack.auth.auth-url)" + where);
    switch (c.authType()) {
      case PASSWORD -> {
        require(c.username(), "OS_USERNAME (runbooks.openstack.auth.username)" + where);
        require(c.password(), "OS_PASSWORD (runbooks.openstack.auth.password)" + where);
        requireProject(c, where);
      }
      case TOKEN -> {
        require(c.token(), "OS_TOKEN (runbooks.openstack.auth.token)" + where);
        requireProject(c, where);
      }
      case APPLICATION_CREDENTIAL -> {
        require(c.applicationCredentialId(), "OS_APPLICATION_CREDENTIAL_ID" + where);
        require(c.applicationCredentialSecret(), "OS_APPLICATION_CREDENTIAL_SECRET" + where);
      }
    }
  }

  private static void requireProject(ProjectCredentials c, String where) {
    if (ProjectCredentials.isBlank(c.projectName()) && ProjectCredentials.isBlank(c.projectId())) {
      throw new CloudAuthenticationException(
          "Neither OS_PROJECT_NAME nor OS_PROJECT_ID (runbooks.openstack.projects.<key>.project-name) is set"
              + where);
    }
  }

  private static void require(String value, String what) {
    if (ProjectCredentials.isBlank(value)) {
      throw new CloudAuthenticationException(what + " is not set");
    }
  }

  private static boolean namesProject(Credentials c) {
    return !ProjectCredentials.isBlank(c.projectName()) || !ProjectCredentials.isBlank(c.projectId());
  }

  @SafeVarargs
  private static String pick(Function<Credentials, String> field, Credentials... sources) {
    for (Credentials source : sources) {
      String value = field.apply(source);
      if (!ProjectCredentials.isBlank(value)) {
        return value;
      }
    }
    return null;
  }

  private static String first(String... values) {
    for (String value : values) {
      if (!ProjectCredentials.isBlank(value)) {
        return value;
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return ProjectCredentials.isBlank(s) ? null : s;
  }

  private static String trimSlash(String url) {
    return url == null ? null : url.replaceAll("/+$", "");
  }

  private static Credentials empty() {
    return new Credentials(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
