package org.alisw.runbooks.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.alisw.runbooks.ops.OpsTestEngine;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.alisw.runbooks.runbook.RunbookOutcome;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runbook meters on an engine of their own: counted once the transaction committed, tagged by
 * process key, activity id and end event. (Their Prometheus names after a real runbook: OperationsIT.)
 */
class MetricsPluginTest {

  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private static ProcessEngine engine;

  @BeforeAll
  static void engine() {
    RunbookMetrics metrics = new RunbookMetrics(registry);
    engine = OpsTestEngine.build(new MetricsPlugin(metrics));
    OpsTestEngine.deploy(engine, converge(), refusedAtStart());
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @BeforeEach
  void clear() {
    registry.clear();
  }

  /** A verify-host in small: a puppet step that counts its runs, a human, a good or a bad end. */
  private static BpmnModelInstance converge() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("ops-converge")
        .camundaHistoryTimeToLive(1)
        .startEvent("start_event")
        .serviceTask("service_task_run_puppet").camundaAsyncBefore()
        .camundaExpression("${execution.setVariable('puppetAttemptsUsed', runs)}")
        .userTask("user_task_read_report").name("Read the report").camundaCandidateGroups("alice-agile-admin")
        .exclusiveGateway("gateway_clean")
        .condition("clean", "${clean}").endEvent("end_event_host_verified")
        .moveToLastGateway()
        .condition("not clean", "${!clean}").endEvent("end_event_not_verified")
        .done();
    // What counts is what the diagram says (RunbookOutcome), not the end event's name.
    outcome(model, "end_event_host_verified", RunbookOutcome.DONE);
    outcome(model, "end_event_not_verified", RunbookOutcome.NOT_DONE);
    return model;
  }

  private static void outcome(BpmnModelInstance model, String endEvent, String value) {
    BaseElement end = model.getModelElementById(endEvent);
    ExtensionElements extensions = model.newInstance(ExtensionElements.class);
    CamundaProperties properties = model.newInstance(CamundaProperties.class);
    CamundaProperty property = model.newInstance(CamundaProperty.class);
    property.setCamundaName(RunbookOutcome.PROPERTY);
    property.setCamundaValue(value);
    properties.addChildElement(property);
    extensions.addChildElement(properties);
    end.setExtensionElements(extensions);
  }

  /** A start whose first step fails inside the start transaction (as a refused request check). */
  private static BpmnModelInstance refusedAtStart() {
    return Bpmn.createExecutableProcess("ops-refused")
        .camundaHistoryTimeToLive(1)
        .startEvent("start_event")
        .serviceTask("service_task_refuse").camundaExpression("${undefinedVariable}")
        .endEvent("end_event_done")
        .done();
  }

  private String start(int runs) {
    String id = engine.getRuntimeService().startProcessInstanceByKey("ops-converge", Map.of("runs", runs)).getId();
    OpsTestEngine.executeJob(engine, id);
    return id;
  }

  private void complete(String instanceId, boolean clean) {
    String task = engine.getTaskService().createTaskQuery().processInstanceId(instanceId).singleResult().getId();
    engine.getTaskService().complete(task, Map.of("clean", clean));
  }

  @Test
  void countsStartsAndEndsByRunbookAndEndEvent() {
    complete(start(1), true);
    complete(start(4), false);
    String cancelled = start(2);
    engine.getRuntimeService().deleteProcessInstance(cancelled, "operator cancelled it");

    assertThat(counter("runbooks.started", "runbook", "ops-converge")).isEqualTo(3);
    assertThat(counter("runbooks.completed", "runbook", "ops-converge", "end_event", "end_event_host_verified")).isEqualTo(1);
    assertThat(counter("runbooks.failed", "runbook", "ops-converge", "end_event", "end_event_not_verified")).isEqualTo(1);
    assertThat(counter("runbooks.failed", "runbook", "ops-converge", "end_event", "cancelled")).isEqualTo(1);
  }

  @Test
  void countsNothingForAStartThatRolledBack() {
    assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey("ops-refused")).isNotNull();

    assertThat(registry.find("runbooks.started").tag("runbook", "ops-refused").counter()).isNull();
  }

  @Test
  void timesEachStepAndEachHumanWaitByActivityId() {
    complete(start(1), true);

    Timer puppet = registry.find("runbooks.step.duration")
        .tags("runbook", "ops-converge", "activity", "service_task_run_puppet", "type", "serviceTask").timer();
    assertThat(puppet).isNotNull();
    assertThat(puppet.count()).isEqualTo(1);
    assertThat(registry.find("runbooks.step.duration").tags("activity", "user_task_read_report").timer().count()).isEqualTo(1);
    assertThat(registry.find("runbooks.step.duration").tags("activity", "gateway_clean").timer()).as("gateways are not steps").isNull();
    assertThat(registry.find("runbooks.step.duration").tags("activity", "end_event_host_verified").timer()).isNull();
    Timer wait = registry.find("runbooks.task.wait").tags("runbook", "ops-converge", "task", "user_task_read_report").timer();
    assertThat(wait.count()).isEqualTo(1);
    assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(0);
    assertThat(puppet.takeSnapshot().histogramCounts()).as("buckets for a histogram").isNotEmpty();
  }

  @Test
  void recordsThePuppetRunsOfEachConverge() {
    complete(start(2), true);
    complete(start(5), false);

    DistributionSummary clean = registry.find("runbooks.puppet.attempts").tags("end_event", "end_event_host_verified").summary();
    DistributionSummary given = registry.find("runbooks.puppet.attempts").tags("end_event", "end_event_not_verified").summary();
    assertThat(clean.count()).isEqualTo(1);
    assertThat(clean.totalAmount()).isEqualTo(2);
    assertThat(given.totalAmount()).isEqualTo(5);
  }

  @Test
  void gaugesCountOpenIncidentsAndWaitingTasksPerRunbook() {
    String waiting = start(1);
    String failing = engine.getRuntimeService().startProcessInstanceByKey("ops-converge", Map.of()).getId();
    OpsTestEngine.executeJob(engine, failing); // "runs" is missing: the step fails...
    engine.getManagementService().setJobRetries(
        engine.getManagementService().createJobQuery().processInstanceId(failing).singleResult().getId(), 0);
    OpsTestEngine.executeJob(engine, failing); // ...and with no retries left it is an incident.

    RunbookGauges gauges = new RunbookGauges(engine, registry, Clock.systemUTC());
    gauges.refresh();

    assertThat(registry.find("runbooks.tasks.waiting").tag("runbook", "ops-converge").gauge().value()).isGreaterThanOrEqualTo(1);
    assertThat(registry.find("runbooks.tasks.waiting.oldest").tag("runbook", "ops-converge").gauge().value()).isGreaterThanOrEqualTo(0);
    assertThat(registry.find("runbooks.incidents.open").tag("runbook", "ops-converge").gauge().value()).isEqualTo(1);
    assertThat(registry.find("runbooks.incidents.open").tag("runbook", "ops-refused").gauge().value()).isZero();

    engine.getRuntimeService().deleteProcessInstance(waiting, "test over");
    engine.getRuntimeService().deleteProcessInstance(failing, "test over");
    gauges.refresh();
    assertThat(registry.find("runbooks.incidents.open").tag("runbook", "ops-converge").gauge().value()).isZero();
  }

  private static double counter(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }
}
