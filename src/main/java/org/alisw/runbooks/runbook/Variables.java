package org.alisw.runbooks.runbook;

/** Process variable names, the same in every runbook (design.md). */
public final class Variables {

  /** The VM a runbook acts on. */
  public static final String HOSTNAME = "hostname";
  /** The configured OpenStack project key the VM lives in. */
  public static final String PROJECT = "project";
  public static final String REASON = "reason";
  /** Who started the runbook (camunda:initiator). */
  public static final String INITIATOR = "initiator";
  /** The Nova id of the server the runbook was validated for at start. */
  public static final String SERVER_ID = "serverId";
  /** Nova's status at the last look. */
  public static final String SERVER_STATUS = "serverStatus";
  /** Nova's fault message when the server is in ERROR. */
  public static final String SERVER_FAULT = "serverFault";
  /** An operator's choice in a user task. */
  public static final String DECISION = "decision";
  /** How many hard reboots this runbook instance asked Nova for (the step key's counter). */
  public static final String REBOOTS_REQUESTED = "rebootsRequested";

  private Variables() {}
}
