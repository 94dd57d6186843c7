package org.alisw.runbooks.webapp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The operators' Tasklist filters (issue 15, docs/webapps.md): their names and which user tasks
 * each shows, by task definition key (the user task's id in processes/*.bpmn). The defaults cover
 * every user task of the shipped runbooks; TasklistFilterDefaultsTest fails when a runbook gains a
 * user task that no filter lists, or an approval task that the approvals filter misses.
 *
 * @param approvals four-eyes approvals of runbooks someone else started ({@code runbook.approval})
 * @param reportsAndDecisions reports to read and decisions to take (investigate, decide, discuss)
 * @param reminders recurring chores a timer brings up (renewing the masters' backup)
 */
@Validated
@ConfigurationProperties("runbooks.webapp.filters")
public record TasklistFilterProperties(
    @Valid Definition approvals,
    @Valid Definition reportsAndDecisions,
    @Valid Definition reminders) {

  public static final List<String> DEFAULT_APPROVAL_TASKS =
      List.of("user_task_approve_rebuild", "user_task_approve_rebuilds", "user_task_approve_delete");

  public static final List<String> DEFAULT_REMINDER_TASKS = List.of("user_task_renew_tsm_backup");

  public static final List<String> DEFAULT_REPORT_AND_DECISION_TASKS =
      List.of(
          // reports
          "user_task_read_preflight_report",
          "user_task_read_master_checklist",
          "user_task_read_outcomes",
          "user_task_report_host_failure",
          "user_task_report_puppet_errors",
          "user_task_review_rebuilt_master",
          // decisions
          "user_task_discuss_with_colleagues",
          "user_task_review_agent_tasks",
          "user_task_confirm_important_tasks",
          "user_task_rebuild_instead",
          "user_task_investigate_delete",
          "user_task_investigate_reboot",
          "user_task_investigate_request",
          "user_task_investigate_rebuild",
          "user_task_boot_failed",
          "user_task_provisioning_refused",
          "user_task_roger_build_refused",
          "user_task_roger_refused",
          "user_task_wait_overdue",
          "user_task_clean_up_refused",
          "user_task_hand_over_stuck",
          "user_task_quorum_refused",
          "user_task_server_not_active",
          "user_task_host_not_answering_ping",
          "user_task_host_key_not_readable",
          "user_task_host_key_changed",
          "user_task_confirm_host_key",
          "user_task_ssh_not_answering");

  public TasklistFilterProperties {
    approvals = withDefaults(approvals, "Approvals waiting for me", DEFAULT_APPROVAL_TASKS);
    reportsAndDecisions = withDefaults(reportsAndDecisions, "Reports and decisions", DEFAULT_REPORT_AND_DECISION_TASKS);
    reminders = withDefaults(reminders, "Reminders", DEFAULT_REMINDER_TASKS);
    if (approvals.name().equals(reportsAndDecisions.name()) || approvals.name().equals(reminders.name())
        || reportsAndDecisions.name().equals(reminders.name())) {
      throw new IllegalArgumentException("runbooks.webapp.filters: the three filters need three different names");
    }
  }

  /** A filter not configured, or configured in part, takes the rest from the defaults. */
  private static Definition withDefaults(Definition configured, String name, List<String> taskKeys) {
    if (configured == null) {
      return new Definition(name, taskKeys);
    }
    String blankName = configured.name() == null || configured.name().isBlank() ? name : configured.name();
    return new Definition(blankName, configured.taskKeys() == null ? taskKeys : configured.taskKeys());
  }

  /** A filter's name as Tasklist lists it, and the task definition keys it shows (null: the default). */
  public record Definition(String name, List<@NotBlank String> taskKeys) {
    public Definition {
      taskKeys = taskKeys == null ? null : List.copyOf(taskKeys);
    }
  }
}
