package org.alisw.runbooks.openstack;

/**
 * The cloud refused the request (HTTP 4xx): invalid input, a conflict with the resource's state,
 * a missing resource. Retrying the same request does not help; an operator has to look.
 */
public class CloudRejectedException extends CloudException {

  private final int status;

  public CloudRejectedException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** The HTTP status OpenStack answered with. */
  public int status() {
    return status;
  }
}
