package org.alisw.runbooks.runbook.guard;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.util.xml.Element;

/** The {@code camunda:properties} of a BPMN element, as Camunda Modeler writes them. */
final class ExtensionProperties {

  private ExtensionProperties() {}

  /** Name → value; the engine itself parses them only for user tasks, so we read the XML. */
  static Map<String, String> of(Element element) {
    Map<String, String> properties = new LinkedHashMap<>();
    Element extensions = element.element("extensionElements");
    if (extensions == null) {
      return properties;
    }
    Element list = extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties");
    if (list == null) {
      return properties;
    }
    for (Element property : list.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
      String name = property.attribute("name");
      if (name != null && properties.put(name, property.attribute("value", "")) != null) {
        throw new IllegalArgumentException(
            "camunda:property '" + name + "' is declared twice on element " + element.attribute("id"));
      }
    }
    return properties;
  }
}
