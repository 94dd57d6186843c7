package org.alisw.runbooks.openstack;

/** A Nova flavor: {@code ramMb} in MB, {@code diskGb} in GB. */
public record CloudFlavor(String id, String name, int vcpus, int ramMb, int diskGb) {}
