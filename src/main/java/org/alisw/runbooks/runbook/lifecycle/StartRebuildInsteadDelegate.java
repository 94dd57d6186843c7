package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.Variables.HOSTNAME;
import static org.alisw.runbooks.runbook.Variables.INITIATOR;
import static org.alisw.runbooks.runbook.Variables.PROJECT;
import static org.alisw.runbooks.runbook.Variables.REASON;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.REBUILD_AGENT_INSTANCE;

import java.util.HashMap;
import java.util.Map;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The guide's "you might first want to try rebuilding it, since it will be much faster": starts
 * rebuild-agent for the same host and project, requested by the same operator (initiator kept; this
 * runs as a job, where no other user is logged in), and this runbook ends. rebuild-agent's start
 * checks apply (alibuild09 may be deleted but never rebuilt): a refusal goes back to the question.
 * Idempotent: a retried job finds the instance it started ({@code rebuildInsteadOf}).
 */
@Component("startRebuildInstead")
class StartRebuildInsteadDelegate implements JavaDelegate {

  private static final Logger LOG = LoggerFactory.getLogger(StartRebuildInsteadDelegate.class);
  static final String REBUILD_AGENT = "rebuild-agent";

  /** Variable of the rebuild-agent instance: the delete-vm instance it replaces (makes the start idempotent). */
  static final String REBUILD_INSTEAD_OF = "rebuildInsteadOf";

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      String deleteInstance = execution.getProcessInstanceId();
      HistoricProcessInstance earlier = execution.getProcessEngineServices().getHistoryService()
          .createHistoricProcessInstanceQuery().processDefinitionKey(REBUILD_AGENT)
          .variableValueEquals(REBUILD_INSTEAD_OF, deleteInstance).singleResult();
      String rebuildId = earlier != null ? earlier.getId() : start(execution, deleteInstance);
      execution.setVariable(REBUILD_AGENT_INSTANCE, rebuildId);
      LOG.info("runbook={} instance={} host={}: rebuild instead, rebuild-agent {} for {}",
          execution.getProcessDefinitionId(), deleteInstance, execution.getVariable(HOSTNAME), rebuildId, execution.getVariable(INITIATOR));
    });
  }

  /**
   * Starts rebuild-agent in a transaction of its own: when its start checks refuse, nothing of it
   * stays behind while this runbook goes back to the question (a refusal inside this job's
   * transaction would leave a half-started instance to be committed with it). Engine-internal API.
   */
  private static String start(DelegateExecution execution, String deleteInstance) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(HOSTNAME, execution.getVariable(HOSTNAME));
    variables.put(PROJECT, execution.getVariable(PROJECT));
    variables.put(REASON, "Rebuild instead of delete-vm " + deleteInstance + ": " + execution.getVariable(REASON));
    variables.put(INITIATOR, execution.getVariable(INITIATOR));
    variables.put(REBUILD_INSTEAD_OF, deleteInstance);
    String businessKey = execution.getProcessBusinessKey();
    ProcessEngineConfigurationImpl engine =
        (ProcessEngineConfigurationImpl) execution.getProcessEngine().getProcessEngineConfiguration();
    ProcessInstance rebuild = engine.getCommandExecutorTxRequiresNew().execute(
        context -> engine.getRuntimeService().startProcessInstanceByKey(REBUILD_AGENT, businessKey, variables));
    return rebuild.getId();
  }
}
