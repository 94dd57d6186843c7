package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.alisw.runbooks.sandbox.Faults;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter inside the engine, against the simulated cloud: one async service task with a retry
 * cycle, as every external step of the runbooks. Shows that a 5xx is retried by the job executor
 * and becomes an incident once retries run out, and that a job run twice (its transaction rolled
 * back after the side effect) leaves one server and one volume. The runbooks' own BPMN is tested
 * by their process tests; this one is built in code so that it tests the adapter's contract only.
 */
class CloudPortInTheEngineTest {

  private static final String PROJECT = "release-testing";

  @RegisterExtension
  static final ProcessEngineExtension ENGINE =
      ProcessEngineExtension.builder().configurationResource("process-test.camunda.cfg.xml").build();

  private final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();
  private final List<RuntimeException> failures = new ArrayList<>();
  private String deploymentId;

  @AfterEach
  void stop() {
    if (deploymentId != null) {
      engine().getRepositoryService().deleteDeployment(deploymentId, true);
    }
    Mocks.reset();
    cloud.close();
  }

  @Test
  void aServerErrorIsRetriedByTheEngineAndEndsInAnIncident() {
    String id = cloud.serverId("alibuild05");
    cloud.simulator.faults().inject("nova.servers.action", new Faults.HttpStatus(503, "Service Unavailable"), 10);
    ProcessInstance instance = start(e -> port.hardReboot(PROJECT, id, e.getProcessInstanceId() + "/reboot/1"));

    int executions = executeUntilIncidentOrDone(instance);

    Incident incident = engine().getRuntimeService().createIncidentQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(incident).isNotNull();
    assertThat(incident.getIncidentMessage()).contains("OpenStack answered 503").contains("hard reboot server alibuild05");
    // R2/PT1M: two executions in all (Camunda 7.24 sets the job's retries to the cycle's count),
    // each one reboot request, each failure the adapter's CloudUnavailableException.
    assertThat(executions).isEqualTo(2);
    assertThat(failures).hasSize(2).allMatch(f -> f instanceof CloudUnavailableException);
    assertThat(cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action")).hasSize(2);
  }

  @Test
  void aServerErrorThatClearsIsOnlyADelay() {
    String id = cloud.serverId("alibuild05");
    cloud.simulator.faults().inject("nova.servers.action", new Faults.HttpStatus(502, "Bad Gateway"), 1);
    ProcessInstance instance = start(e -> port.hardReboot(PROJECT, id, e.getProcessInstanceId() + "/reboot/1"));

    int executions = executeUntilIncidentOrDone(instance);

    assertThat(executions).isEqualTo(2);
    assertThat(engine().getRuntimeService().createIncidentQuery().count()).isZero();
    assertThat(isEnded(instance)).isTrue();
    assertThat(cloud.dataCentre.server("alibuild05").orElseThrow().status(cloud.clock.instant())).isEqualTo("HARD_REBOOT");
  }

  @Test
  void aCreateJobRunTwiceLeavesOneServerAndOneVolume() {
    AtomicBoolean crashAfterTheCalls = new AtomicBoolean(true);
    ProcessInstance instance = start(e -> {
      String runbookInstance = e.getProcessInstanceId();
      CloudServer server = port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", runbookInstance));
      port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB:type=io1"), runbookInstance));
      e.setVariable("serverId", server.id());
      if (crashAfterTheCalls.getAndSet(false)) {
        // The node dies after Nova and Cinder did the work, before the engine committed.
        throw new IllegalStateException("node lost before commit");
      }
    });

    int executions = executeUntilIncidentOrDone(instance);

    assertThat(executions).isEqualTo(2);
    assertThat(failures).singleElement().satisfies(f -> assertThat(f).hasMessageContaining("node lost before commit"));
    assertThat(isEnded(instance)).isTrue();
    assertThat(cloud.dataCentre.servers()).filteredOn(s -> s.name().equals("alibuild13")).hasSize(1);
    assertThat(cloud.requests("POST", "/compute/v2.1/servers")).hasSize(1);
    assertThat(cloud.simulator.cinder().volumes()).hasSize(1);
    assertThat(cloud.requests("POST", "/volume/v3/.*/volumes")).hasSize(1);
    String serverId = (String) engine().getHistoryService().createHistoricVariableInstanceQuery()
        .processInstanceId(instance.getId()).variableName("serverId").singleResult().getValue();
    assertThat(serverId).isEqualTo(cloud.serverId("alibuild13"));
  }

  // --- Fixtures ---

  private ProcessEngine engine() {
    return ENGINE.getProcessEngine();
  }

  /** Deploys start → async service task (retry cycle R2/PT1M) → end, and starts it. */
  private ProcessInstance start(JavaDelegate step) {
    Mocks.register("cloudStep", step);
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("cloud_port_contract")
            .camundaHistoryTimeToLive(1)
            .startEvent()
            .serviceTask("service_task_cloud_step")
            .camundaAsyncBefore()
            .camundaFailedJobRetryTimeCycle("R2/PT1M")
            .camundaDelegateExpression("${cloudStep}")
            .endEvent()
            .done();
    deploymentId = engine().getRepositoryService().createDeployment().addModelInstance("cloud-port-contract.bpmn", model).deploy().getId();
    return engine().getRuntimeService().startProcessInstanceByKey("cloud_port_contract");
  }

  /** Executes the step's job as the job executor would, retries included; returns how often. */
  private int executeUntilIncidentOrDone(ProcessInstance instance) {
    int executions = 0;
    for (int i = 0; i < 10; i++) {
      List<Job> jobs = engine().getManagementService().createJobQuery().processInstanceId(instance.getId()).withRetriesLeft().list();
      if (jobs.isEmpty()) {
        return executions;
      }
      executions++;
      String jobId = jobs.get(0).getId();
      try {
        engine().getManagementService().executeJob(jobId);
      } catch (RuntimeException failed) {
        failures.add(failed);
      }
      // The retry is due a minute later: the job executor would wait, the test moves on.
      cloud.clock.advance(Duration.ofSeconds(1));
    }
    return executions;
  }

  private boolean isEnded(ProcessInstance instance) {
    return engine().getRuntimeService().createProcessInstanceQuery().processInstanceId(instance.getId()).count() == 0;
  }
}
