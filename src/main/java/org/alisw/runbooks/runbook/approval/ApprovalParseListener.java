package org.alisw.runbooks.runbook.approval;

import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Attaches {@link ApprovalTaskListener} (builtin: no start or modification option skips it) to
 * every user task declaring {@code <camunda:property name="runbook.approval"
 * value="<decision variable>"/>}, on assignment (claim included) and completion. Registered as a
 * post-parse listener so that it runs after the task input whitelist.
 */
final class ApprovalParseListener extends AbstractBpmnParseListener {

  /** On a user task: the name of its decision variable ({@code approve | reject}). */
  static final String APPROVAL = "runbook.approval";

  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  @Override
  public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
    String decision = property(userTaskElement);
    if (decision == null) {
      return;
    }
    if (!VARIABLE.matcher(decision).matches()) {
      throw new IllegalArgumentException(APPROVAL + " of task " + activity.getId() + " must name the decision variable, not '" + decision + "'");
    }
    ApprovalTaskListener listener = new ApprovalTaskListener(decision);
    TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, listener);
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, listener);
    // Issue 15: the possible approvers (not the initiator) as candidate users, for Tasklist's filter.
    task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, new ApprovalCandidates());
  }

  private static String property(Element element) {
    Element extensions = element.element("extensionElements");
    Element list = extensions == null ? null : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
    if (list == null) {
      return null;
    }
    for (Element property : list.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
      if (APPROVAL.equals(property.attribute("name"))) {
        return property.attribute("value", "").trim();
      }
    }
    return null;
  }
}
