package org.alisw.runbooks.runbook;

import java.util.Optional;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * Whether a runbook that ended at an end event did what it was started for. Every end event of a
 * runbook's process (not of its embedded sub-processes) says so in the diagram, with
 * {@code <camunda:property name="runbook.outcome" value="done|not-done"/>}
 * (RunbookConventionsTest holds every runbook in processes/ to it), so metrics, the history
 * record and {@code runbook follow} agree without guessing from names. An end event that does not
 * say (a runbook version deployed before end events said so) counts as done.
 */
public final class RunbookOutcome {

  public static final String PROPERTY = "runbook.outcome";
  public static final String DONE = "done";
  public static final String NOT_DONE = "not-done";

  private RunbookOutcome() {}

  /** From the BPMN model: true for done, false for not-done, empty when the element does not say. */
  public static Optional<Boolean> done(BaseElement endEvent) {
    if (endEvent == null || endEvent.getExtensionElements() == null) {
      return Optional.empty();
    }
    return endEvent.getExtensionElements().getElementsQuery().list().stream()
        .flatMap(e -> e.getChildElementsByType(CamundaProperty.class).stream())
        .filter(p -> PROPERTY.equals(p.getCamundaName()))
        .findFirst()
        .map(p -> parse(p.getCamundaValue()));
  }

  /** The same from the element the engine's parser sees (a parse listener). */
  public static Optional<Boolean> done(Element endEventElement) {
    Element extensions = endEventElement.element("extensionElements");
    Element properties = extensions == null ? null : extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
    if (properties == null) {
      return Optional.empty();
    }
    return properties.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property").stream()
        .filter(p -> PROPERTY.equals(p.attribute("name")))
        .findFirst()
        .map(p -> parse(p.attribute("value")));
  }

  /** {@code done} or {@code not-done}; anything else is a modelling error, refused at deployment. */
  public static boolean parse(String value) {
    if (DONE.equals(value)) {
      return true;
    }
    if (NOT_DONE.equals(value)) {
      return false;
    }
    throw new IllegalArgumentException(
        PROPERTY + " must be '" + DONE + "' or '" + NOT_DONE + "', not '" + value + "'");
  }
}
