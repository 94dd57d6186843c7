package org.alisw.runbooks.security;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code camunda:initiator} honest: a start variable of the same name would overwrite the
 * engine's value, so operator1 could start a runbook as operator2 and approve it himself. Runs as
 * a built-in process start listener (skipCustomListeners does not skip it) and refuses a supplied
 * initiator that is not the authenticated user. Without an authenticated user (job executor, timer
 * starts) the engine's value stays; called runbooks inherit their caller's requester.
 */
final class AuthenticatedInitiator implements ExecutionListener {

  private static final Logger LOG = LoggerFactory.getLogger(AuthenticatedInitiator.class);

  @Override
  public void notify(DelegateExecution execution) {
    String variable = initiatorVariable(execution);
    CommandContext context = Context.getCommandContext();
    String user = context == null ? null : context.getAuthenticatedUserId();
    if (variable == null || user == null || execution.getSuperExecution() != null) {
      return;
    }
    Object supplied = execution.getVariable(variable);
    if (supplied != null && !user.equals(supplied)) {
      LOG.warn("Refused: user {} tried to start {} with {}={}",
          user, execution.getProcessDefinitionId(), variable, supplied);
      throw new AuthorizationException(
          "User '" + user + "' may not start a runbook on behalf of '" + supplied
              + "': the variable '" + variable + "' is set by the engine to whoever starts it. Leave it out.");
    }
    execution.setVariable(variable, user);
  }

  private static String initiatorVariable(DelegateExecution execution) {
    if (!(execution instanceof ExecutionEntity entity) || entity.getProcessDefinition() == null) {
      return null;
    }
    return (String) entity.getProcessDefinition().getProperty(BpmnParse.PROPERTYNAME_INITIATOR_VARIABLE_NAME);
  }
}
