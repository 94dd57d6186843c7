package org.alisw.runbooks.runbook;

import java.util.Set;
import java.util.TreeSet;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.PolicyViolation;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The request fields every runbook checks the same way, at start and again before its side effect,
 * with the same message an operator can act on.
 */
public final class RequestFields {

  private RequestFields() {}

  /** {@code project}, or the default one when absent; refused unless it is a configured project key. */
  public static String project(VariableScope variables, String defaultProject, Set<String> projects) {
    String project = RunbookVariables.stringOr(variables, Variables.PROJECT, defaultProject);
    if (!projects.contains(project)) {
      throw new RequestRejected(
          Variables.PROJECT, "Unknown OpenStack project '" + project + "': use one of " + new TreeSet<>(projects) + ".");
    }
    return project;
  }

  /** {@code hostname} as the host name policy accepts it; refused with the policy's reason otherwise. */
  public static String hostname(VariableScope variables, HostNamePolicy hostNames) {
    try {
      return hostNames.requireValid(RunbookVariables.stringOr(variables, Variables.HOSTNAME, null));
    } catch (PolicyViolation violation) {
      throw new RequestRejected(Variables.HOSTNAME, violation.getMessage());
    }
  }
}
