package org.alisw.runbooks.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

/**
 * Engine-level limits that authorizations cannot express: no start that skips a runbook's start
 * checks (unless admin), an initiator that cannot be forged, and candidates of a task who may work
 * on it (claim, complete) but not update it (its variables, its properties). In code rather than
 * configuration so that no profile can switch them off.
 */
final class EngineSecurityPlugin extends AbstractProcessEnginePlugin {

  private final String adminGroup;

  EngineSecurityPlugin(String adminGroup) {
    this.adminGroup = adminGroup;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // The engine's default, UPDATE, lets a candidate rewrite the task's variables.
    configuration.setDefaultUserPermissionForTask(TaskPermissions.TASK_WORK);
    // One guard per chain: an interceptor holds its chain's next link.
    configuration.setCustomPreCommandInterceptorsTxRequired(
        append(configuration.getCustomPreCommandInterceptorsTxRequired(), guard(configuration)));
    configuration.setCustomPreCommandInterceptorsTxRequiresNew(
        append(configuration.getCustomPreCommandInterceptorsTxRequiresNew(), guard(configuration)));
    List<BpmnParseListener> parseListeners = new ArrayList<>();
    if (configuration.getCustomPreBPMNParseListeners() != null) {
      parseListeners.addAll(configuration.getCustomPreBPMNParseListeners());
    }
    parseListeners.add(new InitiatorParseListener());
    configuration.setCustomPreBPMNParseListeners(parseListeners);
  }

  private BypassingStartGuard guard(ProcessEngineConfigurationImpl configuration) {
    return new BypassingStartGuard(configuration::getIdentityService, adminGroup);
  }

  private static List<CommandInterceptor> append(List<CommandInterceptor> existing, CommandInterceptor guard) {
    List<CommandInterceptor> interceptors = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    interceptors.add(guard);
    return interceptors;
  }
}
