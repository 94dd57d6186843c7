package org.alisw.runbooks.runbook.master;

import org.springframework.stereotype.Component;

/**
 * What {@code renew-master-backup.bpmn} reads from configuration, as the bean {@code
 * renewMasterBackup}: {@code ${renewMasterBackup.cycle}} in the timer start event.
 */
@Component("renewMasterBackup")
public class RenewMasterBackupSettings {

  private final RenewMasterBackupProperties properties;

  public RenewMasterBackupSettings(RenewMasterBackupProperties properties) {
    this.properties = properties;
  }

  public String getCycle() {
    return properties.cycle();
  }

  RenewMasterBackupProperties properties() {
    return properties;
  }
}
