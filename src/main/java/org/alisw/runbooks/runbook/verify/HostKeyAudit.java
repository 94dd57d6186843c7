package org.alisw.runbooks.runbook.verify;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who confirmed a host key, for the audit record: the authenticated user completing "Confirm the
 * new host key" ({@code ${hostKeyAudit.confirmedBy(execution)}} in the task's output mapping).
 */
@Component("hostKeyAudit")
public class HostKeyAudit {

  public String confirmedBy(DelegateExecution execution) {
    return "operator " + userOf(execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication());
  }

  static String userOf(Authentication authentication) {
    return authentication == null || authentication.getUserId() == null ? "(not authenticated)" : authentication.getUserId();
  }
}
