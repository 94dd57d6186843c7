package org.alisw.runbooks.runbook.create;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/** The delegate of a stubbed called runbook: remembers what it was called with, answers what the test says. */
final class CalledStub implements JavaDelegate {

  final Map<String, Object> received = new HashMap<>();
  final Map<String, Object> answer = new HashMap<>();
  String businessKey;
  int calls;

  CalledStub answering(String name, Object value) {
    answer.put(name, value);
    return this;
  }

  @Override
  public void execute(DelegateExecution execution) {
    calls++;
    received.putAll(execution.getVariables());
    businessKey = execution.getProcessBusinessKey();
    answer.forEach(execution::setVariable);
  }
}
