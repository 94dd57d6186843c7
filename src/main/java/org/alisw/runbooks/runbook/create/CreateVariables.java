package org.alisw.runbooks.runbook.create;

/** The variables of create-agent, create-master and provision-vm, beside {@code runbook.Variables}. */
final class CreateVariables {

  /** {@code agent} or {@code master}: which rules a provisioning follows. */
  static final String ROLE = "role";
  static final String PURPOSE = "purpose";
  static final String ZONE = "zone";
  static final String FLAVOR = "flavor";
  static final String IMAGE = "image";
  static final String HOSTGROUP = "hostgroup";
  static final String ENVIRONMENT = "environment";
  /** ai-bs's {@code --nova-attach-new-volume} value; absent for none. */
  static final String VOLUME = "volume";
  static final String VOLUME_ID = "volumeId";
  static final String VOLUME_STATUS = "volumeStatus";
  /** The Foreman id of the host this runbook registered: the only Foreman host it may adopt. */
  static final String FOREMAN_HOST_ID = "foremanHostId";
  /** How many boots this provisioning asked Nova for (the step key's counter). */
  static final String BOOTS_REQUESTED = "bootsRequested";
  /** provision-vm's outcome: true when the server booted ACTIVE. */
  static final String PROVISIONED = "provisioned";

  static final String AGENT = "agent";
  static final String MASTER = "master";

  private CreateVariables() {}
}
