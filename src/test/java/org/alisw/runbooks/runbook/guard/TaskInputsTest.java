package org.alisw.runbooks.runbook.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.junit.jupiter.api.Test;

/** The task input declarations and their checks, without an engine. */
class TaskInputsTest {

  private final TaskInputs inputs =
      TaskInputs.parse(
              Map.of(
                  "runbook.input.decision", "go | stop",
                  "runbook.input.notes", "text",
                  "runbook.input.ticket", "optional text",
                  "other", "ignored"))
          .orElseThrow();

  @Test
  void readsOnlyTheRunbookInputProperties() {
    assertThat(inputs.names()).containsExactly("decision", "notes", "ticket");
    assertThat(TaskInputs.parse(Map.of("other", "x"))).isEmpty();
  }

  @Test
  void refusesADeclarationItCannotRead() {
    assertThatThrownBy(() -> TaskInputs.parse(Map.of("runbook.input.decision", "go")))
        .hasMessageContaining("use 'text', 'optional text' or 'a | b | c'");
    assertThatThrownBy(() -> TaskInputs.parse(Map.of("runbook.input.decision", "go | ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsTheDeclaredInputsWithoutTheOptionalOne() {
    assertThatCode(() -> inputs.check("Task", written("decision", "go", "notes", "fine"))).doesNotThrowAnyException();
  }

  @Test
  void refusesAnUndeclaredVariableByName() {
    Map<String, TypedValue> written = written("decision", "go", "notes", "fine");
    written.put("serverId", Variables.stringValue("other"));
    assertThatThrownBy(() -> inputs.check("Task", written))
        .isInstanceOfSatisfying(RequestRejected.class, e -> assertThat((Object) e.getDetail()).isEqualTo("serverId"))
        .hasMessageContaining("variable 'serverId' cannot be set or removed here");
  }

  @Test
  void refusesARemovedRunbookVariable() {
    Map<String, TypedValue> written = written("decision", "go", "notes", "fine");
    written.put("hostname", null);
    assertThatThrownBy(() -> inputs.check("Task", written)).hasMessageContaining("'hostname'");
  }

  @Test
  void refusesAChoiceAsAnythingButText() {
    Map<String, TypedValue> written = written("notes", "fine");
    written.put("decision", Variables.integerValue(1));
    assertThatThrownBy(() -> inputs.check("Task", written)).hasMessageContaining("'decision' of task 'Task' must be text");
  }

  @Test
  void refusesTextLongerThanTheEngineStores() {
    assertThatThrownBy(() -> inputs.check("Task", written("decision", "go", "notes", "x".repeat(4001))))
        .hasMessageContaining("longer than 4000");
  }

  private static Map<String, TypedValue> written(String... namesAndValues) {
    Map<String, TypedValue> written = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      written.put(namesAndValues[i], Variables.stringValue(namesAndValues[i + 1]));
    }
    return written;
  }
}
