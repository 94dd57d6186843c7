package org.alisw.runbooks.runbook.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.ProtectedHosts;
import org.alisw.runbooks.roger.MachineStatePort;
import org.alisw.runbooks.runbook.RunbookSettings;
import org.alisw.runbooks.runbook.RunbookTimings;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;

/** The engine, mocked ports and every lifecycle bean, as the three lifecycle process tests use them. */
final class LifecycleFixture {

  static final String PROJECT = "release-testing";
  static final String OPERATORS = "alice-agile-admin";

  final CloudPort cloud = mock(CloudPort.class);
  final ConfigManagementPort foreman = mock(ConfigManagementPort.class);
  final CertificateStaging certmgr = mock(CertificateStaging.class);
  final MachineStatePort roger = mock(MachineStatePort.class);
  final ClusterPort cluster = mock(ClusterPort.class);
  final LifecycleChecks checks =
      new LifecycleChecks(
          new HostNamePolicy(Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")),
          new ProtectedHosts(List.of("alibuild03", "alibuild09"), List.of("alibuild03"), List.of("alibuild03")),
          PROJECT,
          Set.of(PROJECT, "cloud-tests"),
          "cc7");

  static ProcessEngineExtension engine() {
    return ProcessEngineExtension.builder().configurationResource("process-test.camunda.cfg.xml").build();
  }

  /** Registers every bean the lifecycle runbooks name, on these mocks. */
  void register() {
    Mocks.register("runbooks",
        new RunbookSettings(new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS));
    Mocks.register("lifecycle", new LifecycleSettings(new LifecycleProperties(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(30))));
    // runbook.ReadServerStatusDelegate's behaviour, which the BPMN reuses as ${readServerStatus}.
    Mocks.register("readServerStatus", (JavaDelegate) execution -> {
      var server = cloud.server((String) execution.getVariable("project"), (String) execution.getVariable("serverId"));
      execution.setVariable("serverStatus", server.map(CloudServer::status).orElse("DELETED"));
    });
    Mocks.register("rebuildVmRequest", new RebuildVmRequest(checks));
    Mocks.register("requireForemanHost", new RequireForemanHostDelegate(foreman));
    Mocks.register("stageRebuildCertificate", new StageCertificateDelegate(certmgr, checks));
    Mocks.register("rebuildServer", new RebuildServerDelegate(cloud, checks));
    Mocks.register("setRogerBuildAlarmsOff", new SetRogerBuildDelegate(roger));
  }

  static CloudServer server(String name, String status) {
    return new CloudServer("id-" + name, name, status, "cern-geneva-a", Map.of(), null,
        List.of(), List.of(), "flavor-m2.2xlarge", "img-old", "alibuild");
  }

  /** Runs the one job (async continuation or timer) waiting at this activity of the instance or its called ones. */
  static void runJob(ProcessInstance instance, String activityId) {
    execute(jobAt(instance, activityId));
  }

  static Job jobAt(ProcessInstance instance, String activityId) {
    List<Job> jobs = managementService().createJobQuery().activityId(activityId).list().stream()
        .filter(j -> j.getProcessInstanceId().equals(instance.getId()) || isCalledBy(j.getProcessInstanceId(), instance.getId()))
        .toList();
    assertThat(jobs).as("jobs at " + activityId).hasSize(1);
    return jobs.get(0);
  }

  private static boolean isCalledBy(String processInstanceId, String caller) {
    return org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService()
        .createProcessInstanceQuery().superProcessInstanceId(caller).list().stream()
        .anyMatch(p -> p.getId().equals(processInstanceId));
  }
}
