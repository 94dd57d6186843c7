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
        // aiadm's OS_AUTH_TYPE: Keystone's Kerberos endpoint with the operator's own ticket. A service
        // authenticates with an application credential per project instead (docs/operations.md).
        case "v3kerberos", "kerberos" -> throw new CloudAuthenticationException(
            "OS_AUTH_TYPE '" + value + "' (Keystone with the operator's Kerberos ticket, as on aiadm) is not"
                + " supported for the engine: create an application credential in each project (openstack"
                + " application credential create runbooks, see docs/operations.md) and set OS_AUTH_TYPE="
                + "v3applicationcredential with OS_APPLICATION_CREDENTIAL_ID and OS_APPLICATION_CREDENTIAL_SECRET");
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
