package org.alisw.runbooks.openstack;

/**
 * The project's quota does not allow the request: Nova's 403 "Quota exceeded" or a 413 from Nova
 * or Cinder. Someone has to free resources or raise the quota.
 */
public class CloudQuotaExceededException extends CloudRejectedException {

  public CloudQuotaExceededException(String message, int status) {
    super(message, status);
  }
}
