package org.alisw.runbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The patterns every runbook follows (docs/architecture.md), checked on every file in
 * {@code processes/}: a declared request check, declared inputs on every user task, and a diagram
 * Cockpit can draw (a shape for every node, an edge for every flow).
 */
class RunbookConventionsTest {

  static Stream<Path> runbooks() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      List<Path> bpmn = files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList();
      assertThat(bpmn).isNotEmpty();
      return bpmn.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("runbooks")
  void declaresTheRequestCheckOfEveryExecutableProcess(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    for (Process process : model.getModelElementsByType(Process.class)) {
      if (process.isExecutable()) {
        assertThat(properties(process, "runbook.request-check"))
            .as("%s: process %s needs <camunda:property name=\"runbook.request-check\" value=\"<bean>\"/>", file, process.getId())
            .hasSize(1);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("runbooks")
  void declaresTheInputsOfEveryUserTask(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      assertThat(properties(task, "runbook.input."))
          .as("%s: user task %s needs runbook.input.<variable> properties", file, task.getId())
          .isNotEmpty();
    }
  }

  /**
   * Metrics, the history record and {@code runbook follow} tell "did what it was started for" from
   * the end event's {@code runbook.outcome}; one that does not say would count as done.
   */
  @ParameterizedTest
  @MethodSource("runbooks")
  void saysAtEveryEndOfTheRunbookWhetherItDidItsJob(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    for (Process process : model.getModelElementsByType(Process.class)) {
      List<EndEvent> ends = process.getChildElementsByType(EndEvent.class).stream().toList();
      assertThat(ends).as("%s: process %s has no end event", file, process.getId()).isNotEmpty();
      for (EndEvent end : ends) {
        assertThat(properties(end, RunbookOutcome.PROPERTY))
            .as("%s: end event %s needs <camunda:property name=\"runbook.outcome\" value=\"done|not-done\"/>", file, end.getId())
            .hasSize(1);
        assertThat(RunbookOutcome.done(end)).as("%s: %s", file, end.getId()).isPresent();
      }
      assertThat(ends.stream().filter(e -> RunbookOutcome.done(e).orElse(false)))
          .as("%s: process %s has no end where it did its job", file, process.getId())
          .isNotEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("runbooks")
  void drawsEveryNodeAndFlow(Path file) {
    BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
    Set<String> shapes = ids(model.getModelElementsByType(BpmnShape.class).stream().map(BpmnShape::getBpmnElement).toList());
    Set<String> edges = ids(model.getModelElementsByType(BpmnEdge.class).stream().map(BpmnEdge::getBpmnElement).toList());
    assertThat(shapes).containsAll(ids(model.getModelElementsByType(FlowNode.class)));
    assertThat(edges).containsAll(ids(model.getModelElementsByType(SequenceFlow.class)));
  }

  private static List<String> properties(BaseElement element, String namePrefix) {
    return element.getExtensionElements() == null
        ? List.of()
        : element.getExtensionElements().getElementsQuery().list().stream()
            .flatMap(e -> e.getChildElementsByType(CamundaProperty.class).stream())
            .map(CamundaProperty::getCamundaName)
            .filter(name -> name.startsWith(namePrefix))
            .toList();
  }

  private static Set<String> ids(Collection<? extends BaseElement> elements) {
    return elements.stream().filter(e -> e != null).map(BaseElement::getId).collect(Collectors.toSet());
  }
}
