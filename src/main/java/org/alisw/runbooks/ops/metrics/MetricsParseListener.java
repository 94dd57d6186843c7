package org.alisw.runbooks.ops.metrics;

import org.alisw.runbooks.ops.AfterCommit;
import org.alisw.runbooks.runbook.RunbookOutcome;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Counts every runbook's start and end with built-in listeners (they run even when a start or a
 * deletion skips custom listeners), added when a BPMN is parsed: no BPMN carries them. A converge
 * of verify-host also records how many puppet runs it took.
 */
final class MetricsParseListener extends AbstractBpmnParseListener {

  /** The end event's {@link RunbookOutcome}, kept on the parsed activity. */
  private static final String DONE = "runbookOutcomeDone";

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

  /** Remembers whether the runbook did what it was started for when it ends here. */
  @Override
  public void parseEndEvent(Element endEventElement, ScopeImpl scope, ActivityImpl activity) {
    RunbookOutcome.done(endEventElement).ifPresent(done -> activity.setProperty(DONE, done));
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
    // A cancelled runbook stands at whatever step it was in, not at an end event.
    String endEvent = cancelled ? null : execution.getCurrentActivityId();
    boolean failed = endEvent == null || !doneAt((ExecutionEntity) execution, endEvent);
    Object attempts = execution.getVariable(PUPPET_ATTEMPTS_USED);
    AfterCommit.run(() -> {
      metrics.ended(key, endEvent, failed);
      if (attempts instanceof Number n && n.intValue() > 0) {
        metrics.puppetConverged(key, endEvent, n.intValue());
      }
    });
  }

  /** False only where the end event says not-done (RunbookOutcome: one that does not say counts as done). */
  private static boolean doneAt(ExecutionEntity execution, String endEvent) {
    ActivityImpl end = execution.getProcessDefinition().findActivity(endEvent);
    return end == null || !Boolean.FALSE.equals(end.getProperty(DONE));
  }
}
