package org.alisw.runbooks.runbook.approval;

import org.alisw.runbooks.policy.FourEyes;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Four-eyes on an approval task, enforced by the engine whatever the client (Tasklist, REST, a
 * script): the requester ({@code initiator}) may neither claim nor be assigned the task, nor
 * complete it; the approver is the authenticated user who completes it (the assignee when no user is
 * authenticated, as for an engine-internal call). On completion it records {@code approved}, {@code
 * approver} and, for "approve", {@code approvedPlanHash} = the {@code planHash} of the intact plan
 * the form showed. Runs after the task's input whitelist (a post-parse listener), so what it writes
 * is not taken for what the operator wrote.
 */
final class ApprovalTaskListener implements TaskListener {

  private static final Logger LOG = LoggerFactory.getLogger(ApprovalTaskListener.class);
  /** The decision value that approves; any other allowed value rejects. */
  static final String APPROVE = "approve";

  private final String decisionVariable;

  ApprovalTaskListener(String decisionVariable) {
    this.decisionVariable = decisionVariable;
  }

  @Override
  public void notify(DelegateTask task) {
    String initiator = text(task.getVariable(Variables.INITIATOR));
    try {
      switch (task.getEventName()) {
        case EVENTNAME_ASSIGNMENT -> FourEyes.requireAssignable(initiator, task.getAssignee());
        case EVENTNAME_COMPLETE -> complete(task, initiator);
        default -> {
          // only assignment and completion are attached
        }
      }
    } catch (PolicyViolation | ApprovalVoid refused) {
      LOG.warn("runbook={} instance={} task={} user={}: approval refused: {}",
          task.getProcessDefinitionId(), task.getProcessInstanceId(), task.getTaskDefinitionKey(),
          authenticatedUser(), refused.getMessage());
      throw new RequestRejected(ApprovedPlan.APPROVER, refused.getMessage());
    }
  }

  private void complete(DelegateTask task, String initiator) {
    String approver = authenticatedUser();
    if (approver == null) {
      approver = task.getAssignee();
    }
    FourEyes.requireApprover(initiator, approver);
    DelegateExecution execution = task.getExecution().getProcessInstance();
    boolean approved = APPROVE.equals(text(task.getVariable(decisionVariable)));
    execution.setVariable(ApprovedPlan.APPROVER, approver);
    execution.setVariable(ApprovedPlan.APPROVED, approved);
    if (approved) {
      // The plan the form showed must be the intact, frozen one.
      String hash = text(execution.getVariable(FrozenPlan.PLAN_HASH));
      Object plan = execution.getVariable(FrozenPlan.PLAN);
      if (!(plan instanceof String text) || hash == null || !FrozenPlan.sha256(text).equals(hash)) {
        throw new ApprovalVoid("The plan shown is not the frozen plan (missing or altered): it cannot be approved.");
      }
      execution.setVariable(ApprovedPlan.APPROVED_PLAN_HASH, hash);
      if (execution.hasVariable(ApprovedPlan.VOID_MESSAGE)) {
        execution.removeVariable(ApprovedPlan.VOID_MESSAGE);
      }
    }
    LOG.info("runbook={} instance={} task={}: {} by {} (requested by {}), plan {}",
        task.getProcessDefinitionId(), task.getProcessInstanceId(), task.getTaskDefinitionKey(),
        approved ? "approved" : "rejected", approver, initiator, execution.getVariable(FrozenPlan.PLAN_HASH));
  }

  private static String authenticatedUser() {
    CommandContext context = Context.getCommandContext();
    return context == null ? null : context.getAuthenticatedUserId();
  }

  private static String text(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString();
  }
}
