package org.alisw.runbooks.policy;

/**
 * Four-eyes on destructive runbooks: who approves is not who asked. Both are engine user ids (the
 * authenticated user, never a value a caller types).
 */
public final class FourEyes {

  private FourEyes() {}

  /** Refuses an approval by nobody or by the runbook's requester. */
  public static void requireApprover(String initiator, String approver) {
    if (approver == null || approver.isBlank()) {
      throw new PolicyViolation("An approval needs a logged-in approver; none was given.");
    }
    if (initiator == null || initiator.isBlank()) {
      throw new PolicyViolation(
          "This runbook has no recorded requester (initiator), so four-eyes cannot be checked: approval refused.");
    }
    if (initiator.equals(approver)) {
      throw new PolicyViolation(
          "Four-eyes: " + approver + " started this runbook and cannot approve it; another operator must.");
    }
  }

  /** Refuses handing the approval task to the requester (claim, assignment); null (unclaim) is fine. */
  public static void requireAssignable(String initiator, String assignee) {
    if (assignee != null && assignee.equals(initiator)) {
      throw new PolicyViolation(
          "Four-eyes: " + assignee + " started this runbook and cannot take its approval task; another operator must.");
    }
  }
}
