package org.alisw.runbooks.runbook.guard;

import java.util.List;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The request fields that are text, whatever the runbook: a start that sends one of them as a
 * number, a boolean or a JSON object is refused before the runbook's own check reads it, because
 * reading it as text ({@code toString()}) would turn {@code true} into a server named "true" and a
 * JSON object into a confusing "not a valid server name".
 */
final class TextFields {

  /** Names of the text request fields of every runbook's start form and start variables. */
  static final List<String> NAMES =
      List.of("hostname", "project", "reason", "zone", "purpose", "image", "flavor", "role", "hostgroup",
          "environment", "volume", "initiator");

  private TextFields() {}

  /** Refuses the start unless each present text field holds a string. */
  static void check(DelegateExecution execution) {
    for (String name : NAMES) {
      // Not deserialized: an object value must not be turned back into a Java object to be refused.
      TypedValue value = execution.getVariableTyped(name, false);
      if (value == null || ValueType.NULL.equals(value.getType())) {
        continue;
      }
      if (!ValueType.STRING.equals(value.getType())) {
        throw new RequestRejected(
            name,
            "Variable '" + name + "' must be text (type String), not "
                + (value.getType() == null ? "an untyped value" : value.getType().getName()) + ".");
      }
    }
  }
}
