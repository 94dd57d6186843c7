package org.alisw.runbooks.openstack;

/**
 * The project's service catalog lacks a service the call needs (no public compute, volumev3 or
 * image endpoint, or none in the configured region). Not transient: without this check openstack4j
 * would send the request to the Keystone URL and read its 404 as "already gone".
 */
public class CloudCatalogException extends CloudException {

  public CloudCatalogException(String message) {
    super(message);
  }
}
