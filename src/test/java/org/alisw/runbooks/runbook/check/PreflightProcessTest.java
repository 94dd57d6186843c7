package org.alisw.runbooks.runbook.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.mesos.ClusterHealth;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MasterHealth;
import org.alisw.runbooks.mesos.MesosLeader;
import org.alisw.runbooks.openstack.CloudAuthenticationException;
import org.alisw.runbooks.openstack.CloudFlavor;
import org.alisw.runbooks.openstack.CloudImage;
import org.alisw.runbooks.openstack.CloudKeypair;
import org.alisw.runbooks.openstack.CloudLogin;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudRejectedException;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.CloudUnavailableException;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walks {@code preflight} with OpenStack, Foreman and Mesos mocked: every check passing and failing. */
@Deployment(resources = {"preflight.bpmn", "forms/preflight-start.form", "forms/preflight-report.form"})
class PreflightProcessTest {

  private static final String RT = "release-testing";
  private static final String CT = "cloud-tests";

  @RegisterExtension static final ProcessEngineExtension ENGINE = CheckProcessTests.engine();

  private final CloudPort cloud = mock(CloudPort.class);
  private final ConfigManagementPort foreman = mock(ConfigManagementPort.class);
  private final ClusterPort cluster = mock(ClusterPort.class);

  @BeforeEach
  void registerDelegates() {
    Map<String, String> projects = new LinkedHashMap<>();
    projects.put(RT, "ALICE Release Testing");
    projects.put(CT, "ALICE Cloud Tests");
    PreflightProperties settings = new PreflightProperties(
        List.of(), null, List.of("m2.2xlarge", "m2.large"), "alibuild",
        List.of("alibuild/mesos/master", "alibuild/mesos/slave"), List.of("production", "alibuild_devel"),
        "alice-vm-admin", "alice-agile-admin");
    PreflightRequest request = new PreflightRequest(projects, settings);
    Mocks.register("preflightRequest", request);
    Mocks.register("preflightCredentials", new CheckCredentialsDelegate(cloud, request));
    Mocks.register("preflightProjectVisible", new CheckProjectVisibleDelegate(cloud, request));
    Mocks.register("preflightLatestImage", new CheckLatestImageDelegate(cloud, request, null, "CC7 - x86_64"));
    Mocks.register("preflightFlavors", new CheckFlavorsDelegate(cloud, request));
    Mocks.register("preflightKeypair", new CheckKeypairDelegate(cloud, request));
    Mocks.register("preflightHostgroups", new CheckHostgroupsDelegate(foreman, request, new ForemanProperties()));
    Mocks.register("preflightEnvironments", new CheckEnvironmentsDelegate(foreman, request, new ForemanProperties()));
    Mocks.register("preflightMesosMasters", new CheckMesosMastersDelegate(cluster));
    Mocks.register("summarizePreflight", new SummarizeChecksDelegate("preflightPassed"));
    Mocks.register("runbooks", CheckProcessTests.settings());
  }

  @AfterEach
  void resetMocks() {
    Mocks.reset();
  }

  @Test
  void everyCheckPassesForEveryConfiguredProjectAndTheReportWaitsForAnOperator() {
    everythingIsFine();

    ProcessInstance instance = runPreflight(Map.of());

    assertThat(instance).isWaitingAt("user_task_read_preflight_report");
    assertThat(task()).hasCandidateGroup(CheckProcessTests.OPERATORS);
    List<CheckItem> report = report(instance);
    assertThat(report).extracting(CheckItem::name).containsExactly(
        "release-testing: credentials authenticate",
        "release-testing: project visible (openstack server list)",
        "release-testing: latest CC7 - x86_64 image",
        "release-testing: flavors m2.2xlarge, m2.large",
        "release-testing: keypair alibuild",
        "cloud-tests: credentials authenticate",
        "cloud-tests: project visible (openstack server list)",
        "cloud-tests: latest CC7 - x86_64 image",
        "cloud-tests: flavors m2.2xlarge, m2.large",
        "cloud-tests: keypair alibuild",
        "Foreman: hostgroups alibuild/mesos/master, alibuild/mesos/slave",
        "Foreman: environments production, alibuild_devel",
        "Mesos masters answer");
    assertThat(report).allMatch(CheckItem::pass).allMatch(i -> i.whatToDo().isEmpty());
    assertThat(report.get(0).detail()).contains("svcalibuild").contains("ALICE Release Testing");
    assertThat(report.get(2).detail()).contains("CC7 - x86_64 [2026-11-01]");
    assertThat(instance).variables()
        .containsEntry("preflightPassed", true)
        .containsEntry("checksFailed", 0);
    assertThat((String) variable(instance, "checkSummary")).startsWith("All 13 checks passed.\nPASS release-testing: credentials authenticate");
    // Each check is its own job: a slow or failing system holds up only its step.
    verify(cloud).authenticate(RT);
    verify(cloud).authenticate(CT);
    verify(cloud).latestImage(eq(CT), isNull());

    taskService().complete(task(instance).getId(), Map.of("reportNotes", "all good"));
    assertThat(instance).hasPassed("end_event_preflight_done").isEnded();
  }

  @Test
  void everyCheckFailsAndEachSaysWhatToDo() {
    when(cloud.authenticate(anyString())).thenThrow(new CloudAuthenticationException(
        "Keystone refused to authenticate for project ALICE Release Testing (HTTP 401); check OS_USERNAME/OS_PASSWORD"));
    when(cloud.servers(anyString())).thenThrow(new CloudRejectedException("OpenStack answered 403 when trying to list servers", 403));
    when(cloud.latestImage(anyString(), isNull())).thenReturn(Optional.empty());
    when(cloud.flavors(anyString())).thenReturn(List.of(flavor("m2.small")));
    when(cloud.keypair(anyString(), eq("alibuild"))).thenReturn(Optional.empty());
    when(foreman.hostgroupExists(anyString())).thenReturn(false);
    when(foreman.environmentExists("production")).thenReturn(true);
    when(foreman.environmentExists("alibuild_devel")).thenReturn(false);
    when(cluster.health()).thenReturn(new ClusterHealth(
        List.of(new MasterHealth("alimesos01", false, null, "connection refused"),
            new MasterHealth("alimesos02", true, null, "no leader"), new MasterHealth("alimesos03", true, null, "no leader")),
        Optional.empty(), 2));

    ProcessInstance instance = runPreflight(Map.of("project", RT));

    List<CheckItem> report = report(instance);
    assertThat(report).hasSize(8).noneMatch(CheckItem::pass).allMatch(i -> !i.whatToDo().isBlank());
    assertThat(item(report, "release-testing: credentials authenticate"))
        .satisfies(i -> assertThat(i.detail()).contains("OS_USERNAME/OS_PASSWORD"))
        .satisfies(i -> assertThat(i.whatToDo()).contains("eval $(ai-rc \"ALICE Release Testing\")").contains("alice-vm-admin"));
    assertThat(item(report, "release-testing: project visible (openstack server list)").whatToDo())
        .contains("Ask to become member of the alice-vm-admin egroup");
    assertThat(item(report, "release-testing: latest CC7 - x86_64 image").whatToDo()).contains("openstack image list");
    assertThat(item(report, "release-testing: flavors m2.2xlarge, m2.large").detail()).isEqualTo("missing: m2.2xlarge, m2.large");
    assertThat(item(report, "release-testing: keypair alibuild").whatToDo())
        .contains("openstack keypair create --public-key alibuild.pub alibuild");
    assertThat(item(report, "Foreman: hostgroups alibuild/mesos/master, alibuild/mesos/slave").whatToDo()).contains("alice-agile-admin");
    assertThat(item(report, "Foreman: environments production, alibuild_devel").detail()).isEqualTo("Foreman does not show: alibuild_devel");
    assertThat(item(report, "Mesos masters answer"))
        .satisfies(i -> assertThat(i.detail()).contains("no leader").contains("alimesos01 DOWN (connection refused)"))
        .satisfies(i -> assertThat(i.whatToDo()).contains("verify-master").contains("alimesos01"));
    assertThat(instance).isWaitingAt("user_task_read_preflight_report").variables()
        .containsEntry("preflightPassed", false)
        .containsEntry("checksFailed", 8);
    assertThat((String) variable(instance, "checkSummary"))
        .startsWith("8 of 8 checks failed.")
        .contains("FAIL release-testing: keypair alibuild: no keypair alibuild for this user → Add it as the guide says");
    // Only the project asked for.
    verify(cloud, never()).authenticate(CT);
  }

  @Test
  void unavailableSystemsAreReportedNotRetriedIntoAnIncident() {
    everythingIsFine();
    when(cloud.authenticate(RT)).thenThrow(new CloudUnavailableException("Keystone at https://keystone.cern.ch is unreachable", 0, null));
    when(foreman.hostgroupExists(anyString())).thenThrow(new ForemanException("Foreman did not answer GET /hostgroups", new java.io.IOException("refused")));
    when(cluster.health()).thenThrow(new IllegalStateException("mesos went away"));

    ProcessInstance instance = runPreflight(Map.of());

    List<CheckItem> report = report(instance);
    assertThat(item(report, "release-testing: credentials authenticate").whatToDo()).contains("OpenStack did not answer");
    assertThat(item(report, "Foreman: hostgroups alibuild/mesos/master, alibuild/mesos/slave").whatToDo())
        .contains("Foreman did not answer: check runbooks.foreman.url");
    assertThat(item(report, "Mesos masters answer").detail()).isEqualTo("mesos went away");
    assertThat(item(report, "cloud-tests: credentials authenticate").pass()).isTrue();
    assertThat(runtimeService().createIncidentQuery().count()).isZero();
    assertThat(instance).isWaitingAt("user_task_read_preflight_report").variables().containsEntry("checksFailed", 3);
  }

  @Test
  void credentialsThatDoNotAuthenticateSendTheOtherChecksBackToThem() {
    everythingIsFine();
    when(cloud.servers(CT)).thenThrow(new CloudAuthenticationException("OpenStack refused the token for project cloud-tests twice"));

    List<CheckItem> report = report(runPreflight(Map.of()));

    assertThat(item(report, "cloud-tests: project visible (openstack server list)").whatToDo())
        .isEqualTo("Fix the credentials first (check 'cloud-tests: credentials authenticate').");
  }

  @Test
  void refusesAProjectThatIsNotConfiguredBeforeStarting() {
    assertThatThrownBy(() -> runtimeService().startProcessInstanceByKey("preflight", Map.of("project", "alice-production")))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("Unknown OpenStack project 'alice-production'")
        .hasMessageContaining("[cloud-tests, release-testing]");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void theReportTaskAcceptsOnlyNotes() {
    everythingIsFine();
    ProcessInstance instance = runPreflight(Map.of());

    assertThatThrownBy(() -> taskService().complete(task(instance).getId(), Map.of("preflightPassed", true)))
        .hasMessageContaining("variable 'preflightPassed' cannot be set");
    taskService().complete(task(instance).getId());
    assertThat(instance).isEnded();
  }

  // --- fixtures ---

  private void everythingIsFine() {
    for (String project : List.of(RT, CT)) {
      String name = project.equals(RT) ? "ALICE Release Testing" : "ALICE Cloud Tests";
      when(cloud.authenticate(project)).thenReturn(new CloudLogin("id-" + project, name, "svcalibuild", "2026-12-03T12:00:00Z"));
      when(cloud.servers(project)).thenReturn(List.of(new CloudServer("id-1", "alibuild01", "ACTIVE", "cern-geneva-a", Map.of(), null)));
      when(cloud.latestImage(eq(project), isNull())).thenReturn(Optional.of(new CloudImage(
          "img-7", "CC7 - x86_64 [2026-11-01]", "active", "2026-11-01T00:00:00Z", Map.of("release_date", "2026-11-01"))));
      when(cloud.flavors(project)).thenReturn(List.of(flavor("m2.small"), flavor("m2.large"), flavor("m2.2xlarge")));
      when(cloud.keypair(project, "alibuild")).thenReturn(Optional.of(new CloudKeypair("alibuild", "aa:bb", false)));
    }
    when(foreman.hostgroupExists(anyString())).thenReturn(true);
    when(foreman.environmentExists(anyString())).thenReturn(true);
    when(cluster.health()).thenReturn(new ClusterHealth(
        List.of(new MasterHealth("alimesos01", true, "alimesos01", null), new MasterHealth("alimesos02", true, "alimesos01", null),
            new MasterHealth("alimesos03", true, "alimesos01", null)),
        Optional.of(new MesosLeader("alimesos01", "alimesos01.cern.ch", 5050, "master@10.0.0.1:5050", "alimesos01", false)), 2));
  }

  private static CloudFlavor flavor(String name) {
    return new CloudFlavor("id-" + name, name, 4, 7500, 80);
  }

  private ProcessInstance runPreflight(Map<String, Object> variables) {
    ProcessInstance instance = runtimeService().startProcessInstanceByKey("preflight", variables);
    CheckProcessTests.runAllJobs(instance);
    return instance;
  }

  private static Object variable(ProcessInstance instance, String name) {
    return runtimeService().getVariable(instance.getId(), name);
  }

  private static List<CheckItem> report(ProcessInstance instance) {
    return CheckReport.parse((String) variable(instance, "checkReport"));
  }

  private static CheckItem item(List<CheckItem> report, String name) {
    return report.stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no item " + name + " in " + report));
  }
}
