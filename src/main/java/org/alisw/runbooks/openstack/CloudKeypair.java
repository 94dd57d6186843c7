package org.alisw.runbooks.openstack;

/**
 * A Nova keypair.
 *
 * @param fingerprint Nova's MD5 fingerprint, {@code aa:bb:...}
 * @param created true when this call imported it, false when it was already there
 */
public record CloudKeypair(String name, String fingerprint, boolean created) {}
