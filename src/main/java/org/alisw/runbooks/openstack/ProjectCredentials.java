package org.alisw.runbooks.openstack;

/**
 * The credentials of one project key, resolved from the project's settings, the OS_* variables and
 * clouds.yaml. {@link #toString()} never shows a secret.
 */
record ProjectCredentials(
    String projectKey,
    AuthType authType,
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

  /** How Keystone is asked for a token ({@code OS_AUTH_TYPE}). */
  enum AuthType {
    PASSWORD,
    TOKEN,
    APPLICATION_CREDENTIAL;

    /** {@code OS_AUTH_TYPE} as the openstack client accepts it; blank means "infer". */
    static AuthType parse(String value, String token, String applicationCredentialId) {
      String v = value == null ? "" : value.trim().toLowerCase().replace("_", "").replace("-", "");
      return switch (v) {
        case "password", "v3password" -> PASSWORD;
        case "token", "v3token" -> TOKEN;
        case "v3applicationcredential", "applicationcredential" -> APPLICATION_CREDENTIAL;
        case "" -> !isBlank(token) ? TOKEN : !isBlank(applicationCredentialId) ? APPLICATION_CREDENTIAL : PASSWORD;
        default -> throw new CloudAuthenticationException(
            "OS_AUTH_TYPE '" + value + "' is not supported; use password, token or v3applicationcredential");
      };
    }
  }

  /** A human description for messages: the project, never a secret. */
  String describe() {
    return projectKey + " (" + (isBlank(projectName) ? "project id " + projectId : "\"" + projectName + "\"") + ")";
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "ProjectCredentials[" + describe() + ", authType=" + authType + ", authUrl=" + authUrl
        + ", username=" + username + ", regionName=" + regionName + "]";
  }
}
