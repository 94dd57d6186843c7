package org.alisw.runbooks.history;

import java.util.List;
import java.util.Map;

/**
 * What the history answers, as plain JSON-ready values: chosen fields, never a dump of every
 * variable (secrets are never variables, and an audit record should say what an operator needs).
 * Times are ISO-8601 instants in UTC.
 */
public final class RunbookRecords {

  private RunbookRecords() {}

  /** One page of runbooks, newest first. */
  public record Page(long total, int firstResult, int maxResults, List<Summary> runbooks) {}

  /**
   * A runbook in a list.
   *
   * @param state RUNNING, SUSPENDED, COMPLETED, EXTERNALLY_TERMINATED or INTERNALLY_TERMINATED
   * @param outcome the end event it reached, null while running or when canceled
   * @param calledBy the runbook that called this one, null when started by a person
   */
  public record Summary(
      String id,
      String key,
      String name,
      Integer version,
      String processDefinitionId,
      String businessKey,
      String state,
      String startTime,
      String endTime,
      Long durationMillis,
      String startedBy,
      String hostname,
      String reason,
      Outcome outcome,
      String calledBy,
      String deleteReason) {}

  /**
   * The end event a finished runbook reached; {@code done}: whether ending there means it did what
   * it was started for (the end event's runbook.outcome), null when the diagram may not be read.
   */
  public record Outcome(String activityId, String name, Boolean done) {}

  /**
   * Everything one runbook did. {@code steps} and {@code path} are its own (path: the activity
   * ids it passed, in the order first passed, for highlighting its diagram); {@code people},
   * {@code puppetAttempts} and {@code incidents} include those of the runbooks it called, each
   * naming the runbook; {@code calledRunbooks} are those runbooks' own records.
   */
  public record Record(
      Summary runbook,
      List<Step> steps,
      List<String> path,
      List<Person> people,
      List<PuppetAttempt> puppetAttempts,
      List<Incident> incidents,
      List<Record> calledRunbooks) {}

  /**
   * One step on the timeline.
   *
   * @param outcome running, completed or canceled (left by a boundary event, a cancellation)
   * @param calledRunbookId for a call activity, the runbook it started
   */
  public record Step(
      String activityId,
      String name,
      String type,
      String startTime,
      String endTime,
      Long durationMillis,
      String outcome,
      String assignee,
      String calledRunbookId) {}

  /**
   * Someone who took part: {@code started} the runbook, or worked on one of its user tasks as
   * {@code approver} (a task with {@code runbook.approval}), {@code discussant} (the "discuss with
   * your colleagues" tasks) or {@code operator} (every other task).
   *
   * @param inputs what the person decided and wrote: exactly the task's whitelisted inputs
   *     ({@code runbook.input.<name>}), as they were when the task ended
   */
  public record Person(
      String role,
      String userId,
      String runbookId,
      String runbookKey,
      String activityId,
      String taskName,
      String time,
      String taskState,
      Map<String, Object> inputs) {}

  /** One puppet run, as verify-host kept it ({@code puppetAttempt<n>}: outcome line, then the output tail). */
  public record PuppetAttempt(int attempt, String runbookId, String runbookKey, String hostname, String output) {}

  /**
   * An incident the runbook met.
   *
   * @param state open, resolved or deleted
   */
  public record Incident(
      String runbookId,
      String runbookKey,
      String activityId,
      String type,
      String message,
      String createTime,
      String endTime,
      String state) {}
}
