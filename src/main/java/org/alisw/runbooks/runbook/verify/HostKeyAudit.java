package org.alisw.runbooks.runbook.verify;

import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * Who confirmed a host key, for the audit record: the authenticated user completing the task
 * ({@code ${hostKeyAudit.confirmedBy()}} in the task's output mapping).
 */
@Component("hostKeyAudit")
public class HostKeyAudit {

  public String confirmedBy() {
    String user = Context.getCommandContext() == null ? null : Context.getCommandContext().getAuthenticatedUserId();
    return "operator " + (user == null ? "(not authenticated)" : user);
  }
}
