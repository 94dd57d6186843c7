package org.alisw.runbooks.runbook.approval;

/**
 * The approval no longer covers what the runbook is about to do (an input changed after it, the
 * stored plan was altered, or nobody approved): the step must not act, the runbook goes back to
 * approval ({@link ApprovedPlan#guard}).
 */
public class ApprovalVoid extends RuntimeException {

  public ApprovalVoid(String message) {
    super(message);
  }
}
