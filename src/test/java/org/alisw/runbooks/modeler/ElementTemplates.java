package org.alisw.runbooks.modeler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * The Modeler element templates of {@code processes/.camunda/element-templates/} and the check that a
 * BPMN task is exactly what its template draws: the same delegate bean, async flags, fields,
 * input/output mappings, listeners, {@code camunda:property} entries and retry cycle. Both sides are
 * reduced to a "signature" (key to expected value) and compared, so whatever a task carries that no
 * template knows shows up as a difference.
 */
final class ElementTemplates {

  static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
  static final Path DIRECTORY = Path.of("processes/.camunda/element-templates");
  /** A value the operator types in the Modeler (String, Text, Boolean): any value matches. */
  private static final String ANY = "\u0000any";

  /** Attributes of a task that a template may set through a {@code property} binding. */
  private static final List<String> TASK_ATTRIBUTES = List.of(
      "delegateExpression", "class", "expression", "asyncBefore", "asyncAfter", "exclusive",
      "candidateGroups", "candidateUsers", "assignee", "formRef", "formRefBinding", "formKey",
      "dueDate", "followUpDate", "priority", "jobPriority", "taskPriority");
  /** What a task has when the attribute is absent (the engine's defaults). */
  private static final Map<String, String> DEFAULTS = Map.of("asyncBefore", "false", "asyncAfter", "false", "exclusive", "true");

  record Template(String file, String id, String name, Set<String> appliesTo, Map<String, Object> signature, JsonNode json) {

    /** The bean name in {@code ${bean}}, or null. */
    String delegateBean() {
      Object expression = signature.get("delegateExpression");
      if (expression instanceof String s && s.matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*}")) {
        return s.substring(2, s.length() - 1);
      }
      return null;
    }
  }

  private final List<Template> templates;

  private ElementTemplates(List<Template> templates) {
    this.templates = templates;
  }

  static ElementTemplates load() {
    return load(DIRECTORY);
  }

  static ElementTemplates load(Path directory) {
    ObjectMapper json = new ObjectMapper();
    List<Template> all = new ArrayList<>();
    for (Path file : files(directory)) {
      try {
        JsonNode root = json.readTree(file.toFile());
        for (JsonNode node : root.isArray() ? root : List.of(root)) {
          all.add(template(file.getFileName().toString(), node));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(file + " is not readable JSON", e);
      }
    }
    return new ElementTemplates(all);
  }

  static List<Path> files(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Template> all() {
    return templates;
  }

  private static Template template(String file, JsonNode node) {
    Map<String, Object> signature = new TreeMap<>();
    for (JsonNode property : node.path("properties")) {
      JsonNode binding = property.path("binding");
      Object expected = expected(property);
      String type = binding.path("type").asText();
      switch (type) {
        case "property" -> {
          String name = binding.path("name").asText();
          if (name.startsWith("camunda:")) {
            signature.put(name.substring("camunda:".length()), expected);
          }
        }
        case "camunda:field" -> signature.put("field:" + binding.path("name").asText(), expected);
        case "camunda:inputParameter" -> signature.put("input:" + binding.path("name").asText(), expected);
        case "camunda:outputParameter" -> signature.put("output:" + property.path("value").asText(), binding.path("source").asText());
        case "camunda:property" -> signature.put("property:" + binding.path("name").asText(), expected);
        case "camunda:executionListener" -> signature.put(
            "executionListener:" + binding.path("event").asText() + ":" + property.path("value").asText(),
            binding.path("implementationType").asText("class"));
        default -> throw new IllegalStateException(file + " " + node.path("id").asText() + ": binding " + type + " is not checked by ElementTemplates");
      }
    }
    if (node.path("metadata").has("retryTimeCycle")) {
      signature.put("retryTimeCycle", node.path("metadata").path("retryTimeCycle").asText());
    }
    Set<String> appliesTo = new TreeSet<>();
    node.path("appliesTo").forEach(a -> appliesTo.add(a.asText()));
    return new Template(file, node.path("id").asText(), node.path("name").asText(), appliesTo, signature, node);
  }

  /** Hidden: the exact value; Dropdown: one of the choices; anything typed: any value. */
  private static Object expected(JsonNode property) {
    String type = property.path("type").asText("String");
    if (type.equals("Hidden")) {
      return property.path("value").asText();
    }
    if (type.equals("Dropdown")) {
      Set<String> choices = new TreeSet<>();
      property.path("choices").forEach(c -> choices.add(c.path("value").asText()));
      return choices;
    }
    return ANY;
  }

  /** The task's signature: every attribute and extension a template could set, and what the engine reads. */
  static Map<String, String> signature(Activity task) {
    Map<String, String> signature = new TreeMap<>();
    for (String attribute : TASK_ATTRIBUTES) {
      String value = task.getAttributeValueNs(CAMUNDA_NS, attribute);
      if (value != null) {
        signature.put(attribute, value);
      }
    }
    ExtensionElements extensions = task.getExtensionElements();
    if (extensions != null) {
      for (ModelElementInstance extension : extensions.getElements()) {
        if (extension instanceof CamundaFailedJobRetryTimeCycle cycle) {
          signature.put("retryTimeCycle", cycle.getTextContent().trim());
        } else if (extension instanceof CamundaField field) {
          signature.put("field:" + field.getCamundaName(), fieldValue(field));
        } else if (extension instanceof CamundaProperties properties) {
          for (CamundaProperty property : properties.getCamundaProperties()) {
            signature.put("property:" + property.getCamundaName(), property.getCamundaValue());
          }
        } else if (extension instanceof CamundaInputOutput io) {
          for (CamundaInputParameter input : io.getCamundaInputParameters()) {
            signature.put("input:" + input.getCamundaName(), input.getTextContent().trim());
          }
          for (CamundaOutputParameter output : io.getCamundaOutputParameters()) {
            signature.put("output:" + output.getCamundaName(), output.getTextContent().trim());
          }
        } else if (extension instanceof CamundaExecutionListener listener) {
          signature.put("executionListener:" + listener.getCamundaEvent() + ":" + listenerValue(listener), listenerType(listener));
        } else if (extension instanceof CamundaTaskListener) {
          continue; // element templates of Camunda 7 have no binding for task listeners
        } else {
          signature.put("extension:" + extension.getElementType().getTypeName(), "present");
        }
      }
    }
    return signature;
  }

  private static String fieldValue(CamundaField field) {
    if (field.getCamundaStringValue() != null) {
      return field.getCamundaStringValue();
    }
    if (field.getCamundaExpression() != null) {
      return field.getCamundaExpression();
    }
    return field.getTextContent().trim();
  }

  private static String listenerValue(CamundaExecutionListener listener) {
    return Objects.requireNonNullElse(listener.getCamundaExpression(),
        Objects.requireNonNullElse(listener.getCamundaDelegateExpression(), Objects.requireNonNullElse(listener.getCamundaClass(), "script")));
  }

  private static String listenerType(CamundaExecutionListener listener) {
    if (listener.getCamundaExpression() != null) {
      return "expression";
    }
    return listener.getCamundaDelegateExpression() != null ? "delegateExpression" : listener.getCamundaClass() != null ? "class" : "script";
  }

  /** The differences between a task and a template; empty when the task is what the template draws. */
  static List<String> differences(Map<String, String> task, Map<String, Object> template) {
    List<String> differences = new ArrayList<>();
    Set<String> keys = new TreeSet<>(task.keySet());
    keys.addAll(template.keySet());
    for (String key : keys) {
      String actual = task.getOrDefault(key, DEFAULTS.get(key));
      Object expected = template.containsKey(key) ? template.get(key) : DEFAULTS.get(key);
      if (!matches(actual, expected)) {
        differences.add(key + ": task has " + (actual == null ? "nothing" : "'" + actual + "'")
            + ", template " + (expected == null ? "nothing" : expected instanceof Set<?> s ? "one of " + s : ANY.equals(expected) ? "a value" : "'" + expected + "'"));
      }
    }
    return differences;
  }

  private static boolean matches(String actual, Object expected) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    if (ANY.equals(expected)) {
      return true;
    }
    if (expected instanceof Set<?> choices) {
      return choices.contains(actual);
    }
    return expected.equals(actual);
  }

  /**
   * What is wrong with the templated tasks of one BPMN: every service task must match a template
   * (found by its delegate expression), every user task of a four-eyes approval
   * ({@code runbook.approval}) the approval template; a {@code camunda:modelerTemplate} attribute
   * must name the template it matches.
   */
  List<String> problems(String file, BpmnModelInstance model) {
    List<String> problems = new ArrayList<>();
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      String delegate = task.getCamundaDelegateExpression();
      if (delegate == null) {
        problems.add(where(file, task) + "names no delegate bean (camunda:delegateExpression); every service task is drawn from an element template");
        continue;
      }
      List<Template> candidates = templates.stream()
          .filter(t -> t.appliesTo().contains("bpmn:ServiceTask") && delegate.equals(t.signature().get("delegateExpression")))
          .toList();
      check(file, task, candidates, "no element template in " + DIRECTORY + " has the delegate " + delegate, problems);
    }
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      if (signature(task).containsKey("property:runbook.approval")) {
        List<Template> candidates = templates.stream()
            .filter(t -> t.appliesTo().contains("bpmn:UserTask") && t.signature().containsKey("property:runbook.approval"))
            .toList();
        check(file, task, candidates, "no element template in " + DIRECTORY + " draws a four-eyes approval (runbook.approval)", problems);
      }
    }
    return problems;
  }

  private void check(String file, Activity task, List<Template> candidates, String none, List<String> problems) {
    if (candidates.isEmpty()) {
      problems.add(where(file, task) + none);
      return;
    }
    Map<String, String> signature = signature(task);
    Map<String, List<String>> differences = new LinkedHashMap<>();
    for (Template template : candidates) {
      List<String> diff = differences(signature, template.signature());
      if (diff.isEmpty()) {
        String applied = task.getAttributeValueNs(CAMUNDA_NS, "modelerTemplate");
        if (applied != null && !applied.equals(template.id())) {
          problems.add(where(file, task) + "says camunda:modelerTemplate=\"" + applied + "\" but matches " + template.id());
        }
        return;
      }
      differences.put(template.id(), diff);
    }
    differences.forEach((id, diff) -> problems.add(where(file, task) + "differs from template " + id + ": " + String.join("; ", diff)));
  }

  private static String where(String file, BaseElement element) {
    return file + " " + element.getId() + " (" + ((FlowNode) element).getName() + "): ";
  }
}
