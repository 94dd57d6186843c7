package org.alisw.runbooks.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet benchmark's "before" and experiment variants are copies of processes/ with
 * rebuild-agents edited as text: each edit must still find what it edits, and the copy must be
 * valid BPMN with exactly the jobs the variant claims, or its row would measure something else.
 */
class FleetProcessVariantsTest {

  private static final String TAKE = "service_task_take_next_host";
  private static final String START = "call_activity_rebuild_host";
  private static final String RECORD = "service_task_record_outcome";

  @TempDir Path copies;

  @Test
  void processesAsTheyAreHaveOneJobPerHandOff() {
    BpmnModelInstance model = Bpmn.readModelFromFile(Path.of("processes", "rebuild-agents.bpmn").toFile());
    assertThat(async(model, TAKE)).isTrue();
    assertThat(async(model, START)).isFalse();
    assertThat(async(model, RECORD)).isFalse();
  }

  @Test
  void threeJobsVariantMakesStartAndRecordExclusiveJobsWithTheRetryCycle() throws Exception {
    BpmnModelInstance model = read(FleetEfficiencyBenchmark.threeJobsPerHandOff(copies.resolve("three-jobs")));
    for (String job : new String[] {TAKE, START, RECORD}) {
      FlowNode node = model.getModelElementById(job);
      assertThat(node.isCamundaAsyncBefore()).as(job + " asynchronous").isTrue();
      assertThat(node.isCamundaExclusive()).as(job + " exclusive").isTrue();
      assertThat(node.getExtensionElements().getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).singleResult()
          .getTextContent()).as(job + " retry cycle").isEqualTo("${runbooks.retryCycle}");
    }
  }

  @Test
  void nonExclusiveVariantChangesOnlyTheTake() throws Exception {
    BpmnModelInstance model = read(FleetEfficiencyBenchmark.nonExclusiveSlotJobs(copies.resolve("non-exclusive")));
    ServiceTask take = model.getModelElementById(TAKE);
    assertThat(take.isCamundaAsyncBefore()).isTrue();
    assertThat(take.isCamundaExclusive()).isFalse();
    assertThat(async(model, START)).isFalse();
    assertThat(async(model, RECORD)).isFalse();
  }

  @Test
  void copiesHoldEveryOtherRunbookUnchanged() throws Exception {
    Path copy = FleetEfficiencyBenchmark.threeJobsPerHandOff(copies.resolve("all"));
    assertThat(copy.resolve("reboot-server.bpmn")).hasSameTextualContentAs(Path.of("processes", "reboot-server.bpmn"));
  }

  private static BpmnModelInstance read(Path copy) {
    return Bpmn.readModelFromFile(copy.resolve("rebuild-agents.bpmn").toFile());
  }

  private static boolean async(BpmnModelInstance model, String id) {
    return model.<FlowNode>getModelElementById(id).isCamundaAsyncBefore();
  }
}
