package org.alisw.runbooks.runbook.guard;

import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/** Reads the runbook declarations while a BPMN is deployed and attaches builtin listeners. */
final class GuardsParseListener extends AbstractBpmnParseListener {

  /** On {@code bpmn:process}: the bean name of the process's {@link RequestCheck}. */
  static final String REQUEST_CHECK = "runbook.request-check";

  private static final Pattern BEAN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final ProcessEngineConfigurationImpl configuration;

  GuardsParseListener(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
  }

  /**
   * On the process, not on its start event: the process start fires for every new instance,
   * including one started at another activity (start instructions) or restarted.
   */
  @Override
  public void parseProcess(Element processElement, ProcessDefinitionEntity process) {
    String bean = ExtensionProperties.of(processElement).get(REQUEST_CHECK);
    if (bean == null) {
      return;
    }
    if (!BEAN_NAME.matcher(bean).matches()) {
      throw new IllegalArgumentException(REQUEST_CHECK + " of process " + process.getKey() + " must be a bean name, not '" + bean + "'");
    }
    process.addBuiltInListener(
        ExecutionListener.EVENTNAME_START,
        new RequestCheckListener(bean, configuration.getExpressionManager().createExpression("${" + bean + "}")));
  }

  @Override
  public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
    TaskInputs.parse(ExtensionProperties.of(userTaskElement))
        .ifPresent(
            inputs ->
                ((UserTaskActivityBehavior) activity.getActivityBehavior())
                    .getTaskDefinition()
                    .addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, new TaskInputsListener(inputs)));
  }
}
