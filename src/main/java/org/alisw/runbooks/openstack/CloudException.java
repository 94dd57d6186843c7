package org.alisw.runbooks.openstack;

/**
 * Something went wrong talking to the cloud. Messages name the operation, the project key and the
 * server, with OpenStack's own message; never a credential or a token.
 */
public class CloudException extends RuntimeException {

  public CloudException(String message) {
    super(message);
  }

  public CloudException(String message, Throwable cause) {
    super(message, cause);
  }
}
