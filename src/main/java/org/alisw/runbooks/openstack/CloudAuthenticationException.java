package org.alisw.runbooks.openstack;

/**
 * Keystone did not give a token for the project: missing or wrong credentials, an expired
 * OS_TOKEN, an unknown project. The message says which setting to check, never its value.
 */
public class CloudAuthenticationException extends CloudException {

  public CloudAuthenticationException(String message) {
    super(message);
  }

  public CloudAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
