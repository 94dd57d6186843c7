package org.alisw.runbooks.openstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server as {@code ai-bs} creates it.
 *
 * @param image an image name ({@code CC7 - x86_64 [2023-01-04]}) or id
 * @param flavor a flavor name ({@code m2.2xlarge}) or id
 * @param keypair the Nova keypair to inject, or null
 * @param landbMainUser {@code --landb-mainuser}
 * @param landbResponsible {@code --landb-responsible}
 * @param hostgroup the Foreman hostgroup ({@code alibuild/mesos/slave})
 * @param environment the Foreman environment ({@code production})
 * @param extraMetadata anything else to put in the server's metadata
 * @param runbookInstanceId the process instance that creates it: recorded in the metadata, so that
 *     a repeated create adopts this server instead of making a second one
 */
public record ServerSpec(
    String name,
    String flavor,
    String image,
    String keypair,
    String availabilityZone,
    String landbMainUser,
    String landbResponsible,
    String hostgroup,
    String environment,
    Map<String, String> extraMetadata,
    String runbookInstanceId) {

  public ServerSpec {
    extraMetadata = extraMetadata == null ? Map.of() : Map.copyOf(extraMetadata);
    if (runbookInstanceId == null || runbookInstanceId.isBlank()) {
      throw new IllegalArgumentException("a server is created by a runbook instance: runbookInstanceId is required");
    }
  }

  /** The Nova metadata: ai-bs's keys, the Foreman settings, this runbook instance. */
  public Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>(extraMetadata);
    putIfSet(metadata, "landb-mainuser", landbMainUser);
    putIfSet(metadata, "landb-responsible", landbResponsible);
    putIfSet(metadata, "foreman-hostgroup", hostgroup);
    putIfSet(metadata, "foreman-environment", environment);
    metadata.put(CloudPort.INSTANCE_METADATA_KEY, runbookInstanceId);
    return metadata;
  }

  private static void putIfSet(Map<String, String> metadata, String key, String value) {
    if (value != null && !value.isBlank()) {
      metadata.put(key, value);
    }
  }
}
