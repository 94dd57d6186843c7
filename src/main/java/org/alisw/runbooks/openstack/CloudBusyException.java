package org.alisw.runbooks.openstack;

/**
 * The resource is in the middle of a change (a volume {@code attaching}, {@code detaching}, {@code
 * creating}, ...): "not yet", so the step's job fails and the engine retries it later, without a
 * second request that OpenStack would refuse with a 400 and turn into an incident.
 */
public class CloudBusyException extends CloudUnavailableException {

  public CloudBusyException(String message) {
    super(message, 409, null);
  }
}
