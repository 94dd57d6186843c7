package org.alisw.runbooks.openstack;

/**
 * The cloud did not answer properly: HTTP 5xx, a dropped connection, a timeout. Transient by
 * nature: the step's job fails, the engine retries it per its retry cycle, and only exhausted
 * retries become an incident.
 */
public class CloudUnavailableException extends CloudException {

  private final int status;

  public CloudUnavailableException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when there was no answer at all. */
  public int status() {
    return status;
  }
}
