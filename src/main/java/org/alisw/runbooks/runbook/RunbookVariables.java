package org.alisw.runbooks.runbook;

import org.camunda.bpm.engine.delegate.VariableScope;

/** Typed reads of process variables with the error an operator can act on. */
public final class RunbookVariables {

  private RunbookVariables() {}

  /** The variable as a trimmed string, or {@code fallback} when absent or blank. */
  public static String stringOr(VariableScope scope, String name, String fallback) {
    Object value = scope.getVariable(name);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    return value.toString().trim();
  }

  /** The variable as a string; a missing one is a defect of the runbook, not of the input. */
  public static String required(VariableScope scope, String name) {
    String value = stringOr(scope, name, null);
    if (value == null) {
      throw new IllegalStateException("process variable '" + name + "' is missing");
    }
    return value;
  }
}
