package org.alisw.runbooks.runbook.master;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * The start of a backup reminder (by its timer, or by an operator after CERN IT's e-mail): it
 * takes no inputs, and it stores the due and follow-up dates from configuration and the masters
 * whose registration is to be renewed, for the task and its form.
 */
@Component("backupReminderRequest")
class BackupReminderRequest implements RequestCheck {

  static final String MASTERS = "masters";
  static final String DUE_DATE = "renewalDueDate";
  static final String FOLLOW_UP_DATE = "renewalFollowUpDate";

  private final ClusterPort cluster;
  private final RenewMasterBackupSettings settings;

  BackupReminderRequest(ClusterPort cluster, RenewMasterBackupSettings settings) {
    this.cluster = cluster;
    this.settings = settings;
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    for (String name : execution.getVariableNames()) {
      if (!name.equals("initiator")) {
        throw new RequestRejected(name, "The backup reminder takes no inputs; '" + name + "' is not one.");
      }
    }
    List<String> masters = cluster.masters();
    ZonedDateTime now = ClockUtil.getCurrentTime().toInstant().atZone(ZoneOffset.UTC);
    RenewMasterBackupProperties p = settings.properties();
    execution.setVariable(MASTERS, String.join(", ", masters));
    execution.setVariable(DUE_DATE, now.plus(p.dueAfter()).toOffsetDateTime().toString());
    execution.setVariable(FOLLOW_UP_DATE, now.plus(p.followUpAfter()).toOffsetDateTime().toString());
  }
}
