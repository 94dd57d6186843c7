package org.alisw.runbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walks {@code reboot-server} step by step with the cloud mocked. */
@Deployment(
    resources = {
      "reboot-server.bpmn",
      "forms/reboot-server-start.form",
      "forms/reboot-server-investigate.form"
    })
class RebootServerProcessTest {

  private static final String PROJECT = "release-testing";
  private static final String OPERATORS = "alice-agile-admin";

  @RegisterExtension
  static final ProcessEngineExtension ENGINE = ProcessTestEngine.extension();

  private final CloudPort cloud = mock(CloudPort.class);

  @BeforeEach
  void registerDelegates() {
    HostNamePolicy hostNames = new HostNamePolicy(Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"));
    Mocks.register(
        "validateRebootRequest",
        new ValidateRebootRequestListener(cloud, hostNames, PROJECT, Set.of(PROJECT, "cloud-tests")));
    Mocks.register("hardRebootServer", new HardRebootServerDelegate(cloud, hostNames));
    Mocks.register("readServerStatus", new ReadServerStatusDelegate(cloud));
    Mocks.register(
        "runbooks",
        new RunbookSettings(
            new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS));
  }

  @AfterEach
  void resetMocks() {
    Mocks.reset();
  }

  @Test
  void hardRebootsAndEndsOnceServerIsActive() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");

    assertThat(instance).isWaitingAt("service_task_hard_reboot");
    runJob(instance, "service_task_hard_reboot");
    verify(cloud).hardReboot(PROJECT, "id-alibuild07");

    serverIs("HARD_REBOOT");
    pollOnce(instance);
    assertThat(instance).isWaitingAt("timer_wait_active").variables().containsEntry("serverStatus", "HARD_REBOOT");

    serverIs("ACTIVE");
    pollOnce(instance);
    assertThat(instance).hasPassed("end_event_server_active").isEnded();
    assertThat(instance).hasPassed("end_event_server_rebooted");
  }

  @Test
  void refusesAnUnknownServerBeforeStarting() {
    when(cloud.findServer(PROJECT, "alibuild99")).thenReturn(Optional.empty());

    assertThatThrownBy(() -> startReboot("alibuild99"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("No server named alibuild99 in OpenStack project release-testing");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesAnInvalidServerNameWithoutAskingTheCloud() {
    assertThatThrownBy(() -> startReboot("alibuild07; rm -rf /"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("is not a valid server name");
    verify(cloud, never()).findServer(anyString(), anyString());
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void refusesAnUnknownProjectBeforeStarting() {
    assertThatThrownBy(
            () ->
                runtimeService()
                    .startProcessInstanceByKey(
                        "reboot-server",
                        Map.of("hostname", "alibuild07", "project", "ALICE Secret", "reason", "x")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Unknown OpenStack project 'ALICE Secret'")
        .hasMessageContaining("[cloud-tests, release-testing]");
    verify(cloud, never()).findServer(anyString(), anyString());
  }

  @Test
  void refusesARequestWithoutAReason() {
    assertThatThrownBy(
            () -> runtimeService().startProcessInstanceByKey("reboot-server", Map.of("hostname", "alibuild07")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Say why");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void checksTheHostNameAgainBeforeRebooting() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runtimeService().setVariable(instance.getId(), "hostname", "alibuild07 && reboot-all");

    Job job = jobAt(instance, "service_task_hard_reboot");
    assertThatThrownBy(() -> managementService().executeJob(job.getId()))
        .hasMessageContaining("is not a valid server name");
    verify(cloud, never()).hardReboot(anyString(), anyString());
  }

  @Test
  void asksAnOperatorWhenTheServerGoesToError() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");

    when(cloud.server(PROJECT, "id-alibuild07"))
        .thenReturn(Optional.of(server("alibuild07", "ERROR", "No valid host was found.")));
    pollOnce(instance);

    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    assertThat(task(instance)).hasCandidateGroup(OPERATORS);
    assertThat(instance).variables().containsEntry("serverFault", "No valid host was found.");

    complete(task(instance), withVariables("decision", "give-up", "investigationNotes", "hypervisor down"));
    assertThat(instance).isEnded().hasPassed("end_event_reboot_abandoned");
  }

  @Test
  void asksAnOperatorWhenTheServerIsNotActiveInTimeAndRebootsAgainOnRequest() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");

    runJob(instance, "boundary_timer_reboot_timeout");

    assertThat(instance).isWaitingAt("user_task_investigate_reboot");
    complete(task(instance), withVariables("decision", "reboot-again", "investigationNotes", "stuck in BIOS"));
    assertThat(instance).isWaitingAt("service_task_hard_reboot");
    runJob(instance, "service_task_hard_reboot");
    verify(cloud, times(2)).hardReboot(PROJECT, "id-alibuild07");
  }

  @Test
  void waitsAgainOnRequestAfterATimeout() {
    serverIs("ACTIVE");
    ProcessInstance instance = startReboot("alibuild07");
    runJob(instance, "service_task_hard_reboot");
    runJob(instance, "boundary_timer_reboot_timeout");

    complete(task(instance), withVariables("decision", "wait-again", "investigationNotes", "slow hypervisor"));

    assertThat(instance).isWaitingAt("timer_wait_active");
    pollOnce(instance);
    assertThat(instance).isEnded().hasPassed("end_event_server_rebooted");
  }

  /** {@code R3/PT1M} means three attempts in all (7.24, legacy retry behaviour off), then an incident. */
  @Test
  void retriesAFailingRebootThenRaisesAnIncident() {
    serverIs("ACTIVE");
    doThrow(new IllegalStateException("Nova answered 503")).when(cloud).hardReboot(anyString(), anyString());
    ProcessInstance instance = startReboot("alibuild07");

    for (int attempt = 1; attempt <= 3; attempt++) {
      Job job = jobAt(instance, "service_task_hard_reboot");
      assertThat(job.getRetries()).as("retries before attempt " + attempt).isPositive();
      assertThatThrownBy(() -> managementService().executeJob(job.getId())).hasMessageContaining("503");
    }

    Job exhausted = jobAt(instance, "service_task_hard_reboot");
    assertThat(exhausted.getRetries()).isZero();
    assertThat(exhausted.getExceptionMessage()).contains("Nova answered 503");
    assertThat(runtimeService().createIncidentQuery().processInstanceId(instance.getId()).count()).isOne();
    assertThat(instance).isWaitingAt("service_task_hard_reboot");
    verify(cloud, times(3)).hardReboot(PROJECT, "id-alibuild07");
  }

  private ProcessInstance startReboot(String hostname) {
    return runtimeService()
        .startProcessInstanceByKey(
            "reboot-server", Map.of("hostname", hostname, "reason", "agent stopped answering"));
  }

  /** Fires the poll timer and runs the status read behind it. */
  private void pollOnce(ProcessInstance instance) {
    runJob(instance, "timer_wait_active");
    assertThat(instance).isWaitingAt("service_task_read_server_status");
    runJob(instance, "service_task_read_server_status");
  }

  /** Runs the one job (async continuation or timer) waiting at this activity. */
  private void runJob(ProcessInstance instance, String activityId) {
    execute(jobAt(instance, activityId));
  }

  private Job jobAt(ProcessInstance instance, String activityId) {
    Job job =
        managementService()
            .createJobQuery()
            .processInstanceId(instance.getId())
            .activityId(activityId)
            .singleResult();
    assertThat(job).as("job at " + activityId).isNotNull();
    return job;
  }

  private void serverIs(String status) {
    CloudServer server = server("alibuild07", status, null);
    when(cloud.findServer(PROJECT, "alibuild07")).thenReturn(Optional.of(server));
    when(cloud.server(PROJECT, "id-alibuild07")).thenReturn(Optional.of(server));
  }

  private static CloudServer server(String name, String status, String fault) {
    return new CloudServer("id-" + name, name, status, "cern-geneva-a", Map.of(), fault);
  }
}
