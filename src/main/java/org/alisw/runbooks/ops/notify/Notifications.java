package org.alisw.runbooks.ops.notify;

import java.util.List;
import org.alisw.runbooks.ops.AfterCommit;

/**
 * The texts of the two notifications, queued on the {@link WebhookNotifier} once the engine's
 * transaction committed: a task that rolls back never notifies, and a notification never delays
 * or fails the runbook.
 */
final class Notifications {

  /** Incident messages are exception messages: long ones are cut. */
  static final int MESSAGE_LIMIT = 300;

  private final WebhookNotifier notifier;

  Notifications(WebhookNotifier notifier) {
    this.notifier = notifier;
  }

  boolean enabled() {
    return notifier.enabled();
  }

  void taskWaiting(String runbook, String hostname, String taskName, List<String> groups, String taskId) {
    String text =
        "Runbook " + runbook + about(hostname) + " waits for a human: \"" + taskName + "\""
            + (groups.isEmpty() ? "" : " (" + String.join(", ", groups) + ")")
            + ". Tasklist: " + link(notifier.properties().tasklistUrl(), "#/?task=" + taskId);
    AfterCommit.run(() -> notifier.offer(text));
  }

  void incident(String runbook, String hostname, String activityId, String message, String processInstanceId) {
    String text =
        "Runbook " + runbook + about(hostname) + " raised an incident at " + activityId + ": "
            + cut(message) + ". Cockpit: "
            + link(notifier.properties().cockpitUrl(), "#/process-instance/" + processInstanceId + "/runtime");
    AfterCommit.run(() -> notifier.offer(text));
  }

  private static String about(String hostname) {
    return hostname == null || hostname.isBlank() ? "" : " (" + hostname + ")";
  }

  private static String cut(String message) {
    if (message == null) {
      return "(no message)";
    }
    String oneLine = message.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MESSAGE_LIMIT ? oneLine : oneLine.substring(0, MESSAGE_LIMIT) + "...";
  }

  private static String link(String base, String fragment) {
    return (base.endsWith("/") ? base : base + "/") + fragment;
  }
}
