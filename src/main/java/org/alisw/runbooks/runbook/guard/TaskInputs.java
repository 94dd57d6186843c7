package org.alisw.runbooks.runbook.guard;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * What completing one user task may write: its declared inputs, each with a rule, and nothing
 * else. Declared on the task as {@code <camunda:property name="runbook.input.decision"
 * value="wait-again | reboot-again | give-up"/>} (required, one of these),
 * {@code value="text"} (required, not blank) or {@code value="optional text"}.
 */
final class TaskInputs {

  static final String PREFIX = "runbook.input.";
  /** Camunda's limit for a string variable in its variable table. */
  static final int MAX_TEXT = 4000;

  /** One input's rule: required or not, and the allowed values (empty = any text). */
  record Rule(boolean required, List<String> allowed) {

    static Rule parse(String name, String declaration) {
      String value = declaration.trim();
      if (value.equals("text")) {
        return new Rule(true, List.of());
      }
      if (value.equals("optional text")) {
        return new Rule(false, List.of());
      }
      List<String> allowed = Arrays.stream(value.split("\\|")).map(String::trim).toList();
      if (allowed.size() < 2 || allowed.stream().anyMatch(String::isEmpty)) {
        throw new IllegalArgumentException(
            PREFIX + name + "='" + declaration + "': use 'text', 'optional text' or 'a | b | c'");
      }
      return new Rule(true, allowed);
    }
  }

  private final Map<String, Rule> rules;

  private TaskInputs(Map<String, Rule> rules) {
    this.rules = Map.copyOf(rules);
  }

  /** The inputs declared among a task's extension properties, if any. */
  static Optional<TaskInputs> parse(Map<String, String> properties) {
    Map<String, Rule> rules = new LinkedHashMap<>();
    properties.forEach(
        (key, value) -> {
          if (key.startsWith(PREFIX)) {
            String name = key.substring(PREFIX.length());
            rules.put(name, Rule.parse(name, value));
          }
        });
    return rules.isEmpty() ? Optional.empty() : Optional.of(new TaskInputs(rules));
  }

  Set<String> names() {
    return new TreeSet<>(rules.keySet());
  }

  /**
   * Refuses the completion unless {@code written} (name → value, null for a removed variable)
   * holds only declared inputs, each valid, and every required one.
   */
  void check(String task, Map<String, TypedValue> written) {
    for (String name : new TreeSet<>(written.keySet())) {
      if (!rules.containsKey(name)) {
        throw new RequestRejected(
            name,
            "Task '" + task + "' accepts only " + names() + ": variable '" + name + "' cannot be set"
                + " or removed here (it belongs to the runbook, not to this task).");
      }
    }
    rules.forEach((name, rule) -> checkOne(task, name, rule, written.get(name)));
  }

  private static void checkOne(String task, String name, Rule rule, TypedValue value) {
    Object raw = value == null ? null : value.getValue();
    if (raw == null || raw instanceof String s && s.isBlank()) {
      if (rule.required()) {
        throw new RequestRejected(
            name,
            "Task '" + task + "' needs variable '" + name + "'"
                + (rule.allowed().isEmpty() ? " (text)" : ": one of " + rule.allowed()) + ".");
      }
      return;
    }
    if (!(raw instanceof String text)) {
      throw new RequestRejected(name, "Variable '" + name + "' of task '" + task + "' must be text.");
    }
    if (!rule.allowed().isEmpty() && !rule.allowed().contains(text)) {
      throw new RequestRejected(
          name, "Variable '" + name + "' must be one of " + rule.allowed() + ", not '" + text + "'.");
    }
    if (text.length() > MAX_TEXT) {
      throw new RequestRejected(name, "Variable '" + name + "' is longer than " + MAX_TEXT + " characters.");
    }
  }
}
