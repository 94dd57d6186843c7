package org.alisw.runbooks.runbook.approval;

import java.util.Map;
import java.util.Objects;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check a delegate runs right before acting: the stored plan is intact (its text still hashes
 * to {@code planHash}), it was approved ({@code approvedPlanHash} = {@code planHash}, set by the
 * approval task), and the runbook's current inputs ({@code hostname}, {@code project}, {@code
 * serverId}, ...) still equal the plan's. Otherwise the approval is void: the step throws the BPMN
 * error {@value #ERROR_CODE}, the runbook catches it and freezes a new plan for a new approval.
 */
public final class ApprovedPlan {

  /** The BPMN error a runbook catches to go back to approval. */
  public static final String ERROR_CODE = "APPROVAL_VOID";
  /** Why the last approval was voided; shown by the next approval form. */
  public static final String VOID_MESSAGE = "approvalVoid";
  /** True once the approval task was completed with "approve" (false on "reject"). */
  public static final String APPROVED = "approved";
  /** The operator who completed the approval task. */
  public static final String APPROVER = "approver";
  /** The {@code planHash} the approver saw. */
  public static final String APPROVED_PLAN_HASH = "approvedPlanHash";

  private static final Logger LOG = LoggerFactory.getLogger(ApprovedPlan.class);

  private final Map<String, Object> plan;

  private ApprovedPlan(Map<String, Object> plan) {
    this.plan = plan;
  }

  /**
   * For a runbook with its own approval task: the plan intact, approved, and equal to the current
   * values of {@code inputs}.
   */
  public static ApprovedPlan check(VariableScope variables, String... inputs) {
    ApprovedPlan plan = intact(variables);
    Object approvedHash = variables.getVariable(APPROVED_PLAN_HASH);
    if (!Boolean.TRUE.equals(variables.getVariable(APPROVED)) || approvedHash == null) {
      throw new ApprovalVoid("Nobody approved the plan yet: acting without approval is refused.");
    }
    if (!approvedHash.equals(variables.getVariable(FrozenPlan.PLAN_HASH))) {
      throw new ApprovalVoid("The plan changed after it was approved (hash " + approvedHash + " approved, "
          + variables.getVariable(FrozenPlan.PLAN_HASH) + " stored).");
    }
    plan.requireInputs(variables, inputs);
    return plan;
  }

  /**
   * For a runbook called with an approved plan ({@code plan}, {@code planHash} passed in): the plan
   * intact and equal to the current values of {@code inputs}.
   */
  public static ApprovedPlan checkPassed(VariableScope variables, String... inputs) {
    ApprovedPlan plan = intact(variables);
    plan.requireInputs(variables, inputs);
    return plan;
  }

  private static ApprovedPlan intact(VariableScope variables) {
    Object text = variables.getVariable(FrozenPlan.PLAN);
    Object hash = variables.getVariable(FrozenPlan.PLAN_HASH);
    if (!(text instanceof String planText) || hash == null) {
      throw new ApprovalVoid("No frozen plan is stored: nothing was approved.");
    }
    if (!FrozenPlan.sha256(planText).equals(hash)) {
      throw new ApprovalVoid("The stored plan was altered after it was frozen (its SHA-256 no longer equals planHash " + hash + ").");
    }
    return new ApprovedPlan(FrozenPlan.parse(planText));
  }

  private void requireInputs(VariableScope variables, String... inputs) {
    for (String input : inputs) {
      Object planned = plan.get(input);
      Object current = variables.getVariable(input);
      if (!Objects.equals(text(planned), text(current))) {
        throw new ApprovalVoid("'" + input + "' is " + (current == null ? "unset" : "'" + current + "'")
            + " but the approved plan says " + (planned == null ? "nothing" : "'" + planned + "'")
            + ": the approval is void, the plan must be approved again.");
      }
    }
  }

  private static String text(Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }

  /** A value of the approved plan, as text; null when the plan has none. */
  public String get(String key) {
    return text(plan.get(key));
  }

  /** A value of the approved plan as it was stored (text, number, boolean, list, map). */
  public Object value(String key) {
    return plan.get(key);
  }

  /**
   * Runs a step that acts on an approved plan: a void approval becomes the BPMN error {@value
   * #ERROR_CODE} (message in {@value #VOID_MESSAGE}, the approval forgotten), and the step's other
   * incurable failures the usual {@link StepRefusal}.
   */
  public static void guard(DelegateExecution execution, Runnable step) {
    try {
      StepRefusal.guard(execution, step);
    } catch (ApprovalVoid voided) {
      LOG.warn("runbook={} instance={} step={} approval void, back to approval: {}",
          execution.getProcessDefinitionId(), execution.getProcessInstanceId(), execution.getCurrentActivityId(),
          voided.getMessage());
      forgetApproval(execution);
      execution.setVariable(VOID_MESSAGE, voided.getMessage());
      throw new BpmnError(ERROR_CODE, voided.getMessage());
    }
  }

  /** Removes the approval (not the plan): a new approval is needed before anything acts. */
  static void forgetApproval(VariableScope variables) {
    for (String name : new String[] {APPROVED, APPROVED_PLAN_HASH}) {
      if (variables.hasVariable(name)) {
        variables.removeVariable(name);
      }
    }
  }
}
