package org.alisw.runbooks.ops.metrics;

import org.alisw.runbooks.ops.AfterCommit;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Counts every runbook's start and end with built-in listeners (they run even when a start or a
 * deletion skips custom listeners), added when a BPMN is parsed: no BPMN carries them. A converge
 * of verify-host also records how many puppet runs it took.
 */
final class MetricsParseListener extends AbstractBpmnParseListener {

  /** verify-host's count of puppet runs (runbook.verify.VerifyVariables.PUPPET_ATTEMPTS_USED). */
  static final String PUPPET_ATTEMPTS_USED = "puppetAttemptsUsed";

  private final RunbookMetrics metrics;

  MetricsParseListener(RunbookMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
    String key = processDefinition.getKey();
    processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) execution ->
        AfterCommit.run(() -> metrics.started(key)));
    processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) execution -> ended(key, execution));
  }

  /** How long a human took: the task's life, from creation to completion. */
  @Override
  public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
    if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior) {
      String key = ((ProcessDefinitionEntity) activity.getProcessDefinition()).getKey();
      behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, task -> {
        String taskKey = task.getTaskDefinitionKey();
        long millis = Math.max(0, ClockUtil.getCurrentTime().getTime() - task.getCreateTime().getTime());
        AfterCommit.run(() -> metrics.taskEnded(key, taskKey, millis));
      });
    }
  }

  private void ended(String key, DelegateExecution execution) {
    boolean cancelled = execution.isCanceled();
    String endEvent = execution.getCurrentActivityId();
    Object attempts = execution.getVariable(PUPPET_ATTEMPTS_USED);
    AfterCommit.run(() -> {
      metrics.ended(key, endEvent, cancelled);
      if (attempts instanceof Number n && n.intValue() > 0) {
        metrics.puppetConverged(key, cancelled ? null : endEvent, n.intValue());
      }
    });
  }
}
