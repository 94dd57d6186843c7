package org.alisw.runbooks.openstack;

/** The server, volume, image, flavor or keypair the request names does not exist (404). */
public class CloudNotFoundException extends CloudRejectedException {

  public CloudNotFoundException(String message) {
    super(message, 404);
  }
}
