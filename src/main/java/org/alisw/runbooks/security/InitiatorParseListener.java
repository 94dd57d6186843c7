package org.alisw.runbooks.security;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

/** Puts {@link AuthenticatedInitiator} first among every process's start listeners. */
final class InitiatorParseListener extends AbstractBpmnParseListener {

  private final AuthenticatedInitiator listener = new AuthenticatedInitiator();

  @Override
  public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
    processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, listener, 0);
  }
}
