package org.alisw.runbooks.cli;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What the CLI reads from a runbook's BPMN ({@code GET /process-definition/{id}/xml}): its steps
 * (the tasks and call activities, counted for the progress bar) and the {@code camunda:property}
 * declarations of a user task ({@code runbook.approval}, {@code runbook.input.<var>}) or of an
 * end event ({@code runbook.outcome}).
 */
final class BpmnModel {

  static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  /** The elements that are one step of a runbook. */
  static final Set<String> STEP_TYPES = Set.of(
      "serviceTask", "userTask", "callActivity", "sendTask", "scriptTask", "businessRuleTask", "manualTask", "receiveTask", "task");

  private final Document document;

  private BpmnModel(Document document) {
    this.document = document;
  }

  static BpmnModel parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return new BpmnModel(factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new CliException(Exit.FAILED, "The engine's BPMN could not be read: " + e.getMessage());
    }
  }

  /** Number of steps (tasks, call activities, also inside sub-processes): the progress bar's length. */
  int stepCount() {
    int count = 0;
    for (String type : STEP_TYPES) {
      count += document.getElementsByTagNameNS(BPMN, type).getLength();
    }
    return count;
  }

  /**
   * False when the end event {@code id} says the runbook did not do what it was started for
   * ({@code runbook.outcome} is {@code not-done}); true otherwise, also for a runbook version
   * deployed before end events said so.
   */
  boolean done(String endEventId) {
    return endEventId == null || !"not-done".equals(properties(endEventId).get("runbook.outcome"));
  }

  /** The {@code camunda:property} name/value pairs of the element {@code id}, in order; empty when none. */
  Map<String, String> properties(String id) {
    Map<String, String> properties = new LinkedHashMap<>();
    Element element = byId(id);
    if (element == null) {
      return properties;
    }
    NodeList list = element.getElementsByTagNameNS(CAMUNDA, "property");
    for (int i = 0; i < list.getLength(); i++) {
      Element property = (Element) list.item(i);
      properties.put(property.getAttribute("name"), property.getAttribute("value"));
    }
    return properties;
  }

  private Element byId(String id) {
    NodeList all = document.getElementsByTagNameNS(BPMN, "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (id.equals(element.getAttribute("id"))) {
        return element;
      }
    }
    return null;
  }
}
