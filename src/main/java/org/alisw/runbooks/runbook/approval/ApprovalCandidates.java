package org.alisw.runbooks.runbook.approval;

import java.util.LinkedHashSet;
import java.util.Set;
import org.alisw.runbooks.runbook.Variables;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;

/**
 * On creation of an approval task: its possible approvers as candidate users, that is every member
 * of its candidate groups except the operator who started the runbook ({@code initiator}).
 *
 * <p>This is what lets Tasklist's "Approvals waiting for me" filter ({@code webapp.TasklistFilters},
 * {@code involvedUser = ${currentUser()}}) hide one's own runbooks: Camunda's filters cannot compare
 * a variable with the current user. It grants nothing the candidate group did not already have,
 * and {@link ApprovalTaskListener} still refuses the initiator on claim, assignment and completion.
 * Members are read when the task is created: an operator who joins the group later still sees the
 * task in "Runbook tasks" and may approve it, but not in the approvals filter.
 */
final class ApprovalCandidates implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    Object initiator = task.getVariable(Variables.INITIATOR);
    Set<String> groups = new LinkedHashSet<>();
    for (IdentityLink link : task.getCandidates()) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null) {
        groups.add(link.getGroupId());
      }
    }
    if (groups.isEmpty()) {
      return;
    }
    IdentityService identity = Context.getProcessEngineConfiguration().getIdentityService();
    // The group's members, whoever completed the previous step: reading users is not an operator's
    // permission, and the list only names them on the task.
    Set<String> approvers =
        Context.getCommandContext()
            .runWithoutAuthorization(
                () -> {
                  Set<String> members = new LinkedHashSet<>();
                  for (String group : groups) {
                    identity.createUserQuery().memberOfGroup(group).list().stream().map(User::getId).forEach(members::add);
                  }
                  return members;
                });
    approvers.remove(initiator instanceof String id ? id : null);
    approvers.forEach(task::addCandidateUser);
  }
}
