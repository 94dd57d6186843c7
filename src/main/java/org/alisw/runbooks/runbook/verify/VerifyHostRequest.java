package org.alisw.runbooks.runbook.verify;

import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.SERVER_ID;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_KEY_CHANGE;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.HOST_VERIFIED;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PUPPET_ATTEMPTS_USED;
import static org.alisw.runbooks.runbook.verify.VerifyVariables.PUPPET_EXIT_CODE;

import java.util.Set;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.runbook.RequestFields;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The checks of a verify-host request, at every start (called by another runbook or started on
 * its own) and again before known_hosts changes: a valid host name, a configured project, a known
 * {@code hostKeyChange}, and the server's id (given by the caller, or looked up by name when
 * started on its own). Sets the outputs to "not verified" until the end says otherwise.
 */
@Component("verifyHostRequest")
public class VerifyHostRequest implements RequestCheck {

  private final CloudLookup startLookup;
  private final HostNamePolicy hostNames;
  private final String defaultProject;
  private final Set<String> projects;

  @Autowired
  VerifyHostRequest(CloudLookup startLookup, HostNamePolicy hostNames, OpenStackProperties openStack) {
    this(startLookup, hostNames, openStack.defaultProject(), openStack.projects().keySet());
  }

  public VerifyHostRequest(
      CloudLookup startLookup, HostNamePolicy hostNames, String defaultProject, Set<String> projects) {
    this.startLookup = startLookup;
    this.hostNames = hostNames;
    this.defaultProject = defaultProject;
    this.projects = Set.copyOf(projects);
  }

  @Override
  public void checkAtStart(DelegateExecution execution) {
    String hostname = validHostname(execution);
    String project = validProject(execution);
    hostKeyChange(execution);
    if (RunbookVariables.stringOr(execution, SERVER_ID, null) == null) {
      CloudServer server = RequestFields.server(startLookup, project, hostname, RequestFields.CHECK_THE_NAME);
      execution.setVariable(SERVER_ID, server.id());
    }
    execution.setVariable(PROJECT, project);
    execution.setVariable(HOST_VERIFIED, false);
    execution.setVariable(PUPPET_ATTEMPTS_USED, 0);
    execution.setVariable(PUPPET_EXIT_CODE, null);
  }

  /** The checks again, right before a step acts; returns the host name. */
  String checkBeforeStep(VariableScope variables) {
    String hostname = validHostname(variables);
    validProject(variables);
    hostKeyChange(variables);
    RequestFields.storedServerId(variables);
    return hostname;
  }

  /** The caller's expectation of the host key. */
  HostKeyChange hostKeyChange(VariableScope variables) {
    String value = RunbookVariables.stringOr(variables, HOST_KEY_CHANGE, null);
    return HostKeyChange.of(value)
        .orElseThrow(
            () ->
                new RequestRejected(
                    HOST_KEY_CHANGE,
                    "Say what to expect of the host key: hostKeyChange = new (just created), rebuilt"
                        + " (root disk rebuilt) or unchanged (rebooted), not '" + value + "'."));
  }

  private String validProject(VariableScope variables) {
    return RequestFields.project(variables, defaultProject, projects);
  }

  private String validHostname(VariableScope variables) {
    return RequestFields.hostname(variables, hostNames);
  }
}
