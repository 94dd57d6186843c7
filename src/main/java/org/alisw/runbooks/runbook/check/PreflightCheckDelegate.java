package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.openstack.CloudAuthenticationException;
import org.alisw.runbooks.openstack.CloudCatalogException;
import org.alisw.runbooks.openstack.CloudUnavailableException;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * A preflight check of one OpenStack project (the sub-process's {@code project}): its item is
 * named {@code <project>: <what>}, and a failure says what to do by its kind.
 */
abstract class PreflightCheckDelegate extends CheckDelegate {

  final PreflightRequest request;

  PreflightCheckDelegate(PreflightRequest request) {
    this.request = request;
  }

  /** What this check looks at, after the project key ({@code keypair alibuild}). */
  abstract String what();

  /** The project key, checked again; a RequestRejected here becomes a failed item. */
  String project(DelegateExecution execution) {
    return request.project(execution);
  }

  String name(DelegateExecution execution) {
    Object project = execution.getVariable("project");
    return (project == null ? "?" : project) + ": " + what();
  }

  @Override
  final CheckItem failed(DelegateExecution execution, RuntimeException e) {
    return CheckItem.failed(name(execution), message(e), whatToDo(execution, e));
  }

  /** What to do about the failure {@code e}; subclasses add their own cases. */
  String whatToDo(DelegateExecution execution, RuntimeException e) {
    Object project = execution.getVariable("project");
    String name = project == null ? "?" : request.projectName(project.toString());
    if (e instanceof RequestRejected) {
      return "Start the preflight with a configured project (runbooks.openstack.projects).";
    }
    if (e instanceof CloudCatalogException) {
      return "Check OS_REGION_NAME and OS_AUTH_URL (runbooks.openstack.auth): Keystone's catalog has no endpoint there.";
    }
    if (e instanceof CloudAuthenticationException) {
      return "Check the credentials 'eval $(ai-rc \"" + name + "\")' exports (OS_USERNAME/OS_PASSWORD or OS_TOKEN,"
          + " OS_PROJECT_NAME, OS_AUTH_URL; runbooks.openstack.*). If they are right, ask to become member of the "
          + request.settings().openstackEgroup() + " egroup (egroups.cern.ch).";
    }
    if (e instanceof CloudUnavailableException) {
      return "OpenStack did not answer: check OS_AUTH_URL and the CERN cloud status, then run the preflight again.";
    }
    return "Look at the message; ask the CERN cloud team if OpenStack refuses (project " + name + ").";
  }
}
