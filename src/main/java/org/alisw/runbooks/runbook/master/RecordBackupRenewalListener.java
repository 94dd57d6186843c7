package org.alisw.runbooks.runbook.master;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On completion of "Renew the TSM backup registration of the masters": who renewed it (the logged-in
 * user who completed the task, else its assignee) and when, as process variables kept in history.
 */
@Component("recordBackupRenewal")
class RecordBackupRenewalListener implements TaskListener {

  private static final Logger LOG = LoggerFactory.getLogger(RecordBackupRenewalListener.class);

  static final String RENEWED_BY = "renewedBy";
  static final String RENEWED_AT = "renewedAt";

  @Override
  public void notify(DelegateTask task) {
    String user = Context.getCommandContext() == null ? null : Context.getCommandContext().getAuthenticatedUserId();
    String renewedBy = user != null ? user : task.getAssignee();
    if (renewedBy == null) {
      throw new IllegalStateException(
          "Nobody is logged in and the task has no assignee: cannot tell who renewed the backup registration.");
    }
    String renewedAt = ClockUtil.getCurrentTime().toInstant().toString();
    task.getExecution().setVariable(RENEWED_BY, renewedBy);
    task.getExecution().setVariable(RENEWED_AT, renewedAt);
    LOG.info("runbook={} instance={} TSM backup registration renewed by {} at {}",
        task.getProcessDefinitionId(), task.getProcessInstanceId(), renewedBy, renewedAt);
  }
}
