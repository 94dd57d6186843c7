package org.alisw.runbooks.runbook.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ConfigurationStatus;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.ContainerCheck;
import org.alisw.runbooks.host.Docker;
import org.alisw.runbooks.host.HostException;
import org.alisw.runbooks.host.PingResult;
import org.alisw.runbooks.host.Reachability;
import org.alisw.runbooks.host.RemoteCommand;
import org.alisw.runbooks.host.RemoteShell;
import org.alisw.runbooks.mesos.ClusterHealth;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MarathonStatus;
import org.alisw.runbooks.mesos.MasterHealth;
import org.alisw.runbooks.mesos.MesosLeader;
import org.alisw.runbooks.mesos.ZooKeeperEnsemble;
import org.alisw.runbooks.mesos.ZooKeeperMode;
import org.alisw.runbooks.mesos.ZooKeeperStatus;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Walks {@code verify-master} with every port mocked: each item of the guide's checklist passing and failing. */
@Deployment(
    resources = {
      "verify-master.bpmn",
      "forms/verify-master-start.form",
      "forms/verify-master-result.form",
      "org/alisw/runbooks/runbook/check/verify-master-caller.bpmn"
    })
class VerifyMasterProcessTest {

  private static final String PROJECT = "release-testing";
  private static final List<String> MASTERS = List.of("alimesos01", "alimesos02", "alimesos03");
  private static final List<String> CONTAINERS = List.of("mesos-master", "zookeeper", "marathon", "aurora-scheduler", "mesos-dns");

  @RegisterExtension static final ProcessEngineExtension ENGINE = CheckProcessTests.engine();

  private final CloudPort cloud = mock(CloudPort.class);
  private final ConfigManagementPort foreman = mock(ConfigManagementPort.class);
  private final Reachability reachability = mock(Reachability.class);
  private final RemoteShell shell = mock(RemoteShell.class);
  private final Docker docker = mock(Docker.class);
  private final ClusterPort cluster = mock(ClusterPort.class);

  @BeforeEach
  void registerDelegates() {
    VerifyMasterRequest request = new VerifyMasterRequest(
        new HostNamePolicy(Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")), MASTERS, PROJECT, "master");
    Mocks.register("verifyMasterRequest", request);
    Mocks.register("verifyMasterServer", new CheckServerActiveDelegate(cloud, request));
    Mocks.register("verifyMasterPuppet", new CheckPuppetErrorsDelegate(foreman, request));
    Mocks.register("verifyMasterPing", new PingMasterDelegate(reachability, request));
    Mocks.register("verifyMasterSsh", new CheckSshDelegate(shell, request));
    Mocks.register("verifyMasterContainers", new CheckContainersDelegate(docker, request));
    Mocks.register("verifyMasterZooKeeper", new CheckZooKeeperDelegate(cluster, request));
    Mocks.register("verifyMasterMesos", new CheckMesosLeaderDelegate(cluster, request));
    Mocks.register("verifyMasterMarathon", new CheckMarathonDelegate(cluster, request));
    Mocks.register("summarizeMasterChecks", new SummarizeChecksDelegate("masterVerified"));
    Mocks.register("runbooks", CheckProcessTests.settings());
  }

  @AfterEach
  void resetMocks() {
    Mocks.reset();
  }

  @Test
  void everyItemOfTheChecklistPassesAndAnOperatorWhoStartedItReadsTheResult() {
    masterIsHealthy("alimesos02");

    ProcessInstance instance = checkMaster("alimesos02");

    List<CheckItem> report = report(instance);
    assertThat(report).extracting(CheckItem::name).containsExactly(
        "up and running in OpenStack",
        "no puppet errors in Foreman",
        "answers ping",
        "SSH login",
        "docker running with the master's containers",
        "ZooKeeper serving",
        "Mesos master up, leader known",
        "Marathon healthy");
    assertThat(report).allMatch(CheckItem::pass);
    assertThat(report).extracting(CheckItem::detail).containsExactly(
        "Nova reports alimesos02 ACTIVE",
        "Foreman's configuration status is No changes",
        "3/3 answered (icmp 10.0.0.2), average 0.4 ms",
        "logged in; the machine says it is alimesos02.cern.ch",
        "running: mesos-master, zookeeper, marathon, aurora-scheduler, mesos-dns",
        "mode follower; ensemble has a quorum, leader alimesos01",
        "up; leader alimesos01",
        "answers /ping; leader alimesos01");
    assertThat(instance).isWaitingAt("user_task_read_master_checklist").variables()
        .containsEntry("masterVerified", true)
        .containsEntry("checksFailed", 0);
    assertThat(task(instance)).hasCandidateGroup(CheckProcessTests.OPERATORS);
    assertThat((String) runtimeService().getVariable(instance.getId(), "checkSummary")).startsWith("All 8 checks passed.");
    verify(cloud).findServer(PROJECT, "alimesos02");
    verify(docker).checkContainers("alimesos02", "master");
    verify(shell).run("alimesos02", RemoteCommand.hostname());

    taskService().complete(task(instance).getId());
    assertThat(instance).hasPassed("end_event_master_checked").isEnded();
  }

  @Test
  void everyItemFailsWithWhatToDoAndNothingThrows() {
    when(cloud.findServer(PROJECT, "alimesos03")).thenReturn(Optional.of(
        new CloudServer("id-3", "alimesos03", "ERROR", "cern-geneva-c", Map.of(), "No valid host was found.")));
    when(foreman.configurationStatus("alimesos03")).thenReturn(new ConfigurationStatus(1, "Error"));
    when(reachability.ping("alimesos03")).thenReturn(
        new PingResult("alimesos03", "10.0.0.3", "icmp", false, 3, 0, null, "100% packet loss"));
    when(shell.run(anyString(), any(RemoteCommand.class))).thenThrow(
        new HostException(HostException.Reason.CONNECTION_FAILED, "alimesos03", "connection refused"));
    when(docker.checkContainers("alimesos03", "master")).thenReturn(new ContainerCheck(
        "alimesos03", "master", true, CONTAINERS, List.of("mesos-dns", "mesos-master", "zookeeper"),
        List.of("marathon", "aurora-scheduler"), ""));
    when(cluster.zooKeeper()).thenReturn(new ZooKeeperEnsemble(List.of(
        zk("alimesos01", ZooKeeperMode.LEADER, null), zk("alimesos02", ZooKeeperMode.FOLLOWER, null),
        zk("alimesos03", ZooKeeperMode.NOT_SERVING, "This ZooKeeper instance is not currently serving requests"))));
    when(cluster.health()).thenReturn(new ClusterHealth(
        List.of(new MasterHealth("alimesos01", true, "alimesos01", null), new MasterHealth("alimesos02", true, "alimesos01", null),
            new MasterHealth("alimesos03", false, null, "connection refused")),
        Optional.of(leader("alimesos01")), 2));
    when(cluster.marathon()).thenReturn(List.of(
        new MarathonStatus("alimesos01", true, "alimesos01", true, "1.4", null),
        new MarathonStatus("alimesos03", false, null, false, null, "connection refused")));

    ProcessInstance instance = checkMaster("alimesos03");

    List<CheckItem> report = report(instance);
    assertThat(report).hasSize(8).noneMatch(CheckItem::pass).allMatch(i -> !i.whatToDo().isBlank());
    assertThat(report.get(0).detail()).isEqualTo("Nova reports alimesos03 ERROR: No valid host was found.");
    assertThat(report.get(0).whatToDo()).contains("reboot-server");
    assertThat(report.get(1).detail()).isEqualTo("Foreman's configuration status of alimesos03 is Error");
    assertThat(report.get(1).whatToDo()).contains("puppet agent -t -v");
    assertThat(report.get(2).detail()).isEqualTo("0/3 answered (icmp 10.0.0.3): 100% packet loss");
    assertThat(report.get(3).detail()).isEqualTo("alimesos03: connection refused");
    assertThat(report.get(3).whatToDo()).contains("sshd may be down");
    assertThat(report.get(4).detail()).startsWith("not running: marathon, aurora-scheduler");
    assertThat(report.get(4).whatToDo()).contains("docker restart marathon aurora-scheduler");
    assertThat(report.get(5).detail()).startsWith("mode not_serving (This ZooKeeper instance is not currently serving requests)");
    assertThat(report.get(6).detail()).contains("does not answer /health: connection refused");
    assertThat(report.get(7).detail()).contains("Marathon on alimesos03 does not answer /ping");
    assertThat(instance).isWaitingAt("user_task_read_master_checklist").variables()
        .containsEntry("masterVerified", false)
        .containsEntry("checksFailed", 8);
    assertThat((String) runtimeService().getVariable(instance.getId(), "checkSummary"))
        .startsWith("8 of 8 checks failed.")
        .contains("FAIL docker running with the master's containers: not running: marathon, aurora-scheduler");
  }

  @Test
  void portsThatThrowBecomeFailedItemsNotIncidents() {
    masterIsHealthy("alimesos01");
    when(foreman.configurationStatus("alimesos01")).thenThrow(new ForemanException(404, "Foreman has no host alimesos01.cern.ch"));
    when(shell.run(anyString(), any(RemoteCommand.class))).thenThrow(
        new HostException(HostException.Reason.HOST_KEY_CHANGED, "alimesos01", "the host key changed"));
    when(docker.checkContainers("alimesos01", "master")).thenReturn(new ContainerCheck(
        "alimesos01", "master", false, CONTAINERS, List.of(), CONTAINERS, "Cannot connect to the Docker daemon"));
    when(cluster.marathon()).thenThrow(new IllegalStateException("no marathon configured"));

    ProcessInstance instance = checkMaster("alimesos01");

    List<CheckItem> report = report(instance);
    assertThat(report.get(1).whatToDo()).contains("Foreman does not know alimesos01");
    assertThat(report.get(3).whatToDo()).contains("If the master was rebuilt, accept the new key");
    assertThat(report.get(4).detail()).isEqualTo("docker is not running: Cannot connect to the Docker daemon");
    assertThat(report.get(7).detail()).isEqualTo("no marathon configured");
    assertThat(report).extracting(CheckItem::pass).containsExactly(true, false, true, false, false, true, true, false);
    assertThat(runtimeService().createIncidentQuery().count()).isZero();
  }

  @Test
  void returnsTheVerdictAndTheReportToTheRunbookThatCalledItWithoutATask() {
    masterIsHealthy("alimesos02");
    when(docker.checkContainers("alimesos02", "master")).thenReturn(new ContainerCheck(
        "alimesos02", "master", true, CONTAINERS, List.of("mesos-master", "zookeeper", "marathon", "mesos-dns"),
        List.of("aurora-scheduler"), ""));

    ProcessInstance caller = runtimeService().startProcessInstanceByKey("verify-master-caller", Map.of("hostname", "alimesos02"));
    ProcessInstance called = runtimeService().createProcessInstanceQuery().processDefinitionKey("verify-master").singleResult();
    CheckProcessTests.runAllJobs(called);

    assertThat(called).hasPassed("end_event_checklist_returned").isEnded();
    assertThat(taskService().createTaskQuery().count()).isZero();
    assertThat(caller).isWaitingAt("receive_task_after_verification").variables().containsEntry("masterVerified", false);
    List<CheckItem> report = CheckReport.parse((String) runtimeService().getVariable(caller.getId(), "checkReport"));
    assertThat(report).filteredOn(i -> !i.pass()).extracting(CheckItem::detail)
        .containsExactly("not running: aurora-scheduler (running: mesos-master, zookeeper, marathon, mesos-dns)");
  }

  @Test
  void refusesAHostThatIsNotAConfiguredMasterBeforeStarting() {
    assertThatThrownBy(() -> checkMaster("alibuild07"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("alibuild07 is not a configured Mesos master")
        .hasMessageContaining("[alimesos01, alimesos02, alimesos03]");
    assertThatThrownBy(() -> checkMaster("alimesos01; reboot"))
        .isInstanceOf(RequestRejected.class)
        .hasMessageContaining("is not a valid server name");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    verifyNoInteractions(cloud, shell, cluster);
  }

  @Test
  void eachCheckRunsTheRequestCheckAgainBeforeLookingAtTheHost() {
    masterIsHealthy("alimesos02");
    ProcessInstance instance = runtimeService().startProcessInstanceByKey("verify-master", Map.of("hostname", "alimesos02"));
    runtimeService().setVariable(instance.getId(), "hostname", "alibuild03");

    CheckProcessTests.runAllJobs(instance);

    List<CheckItem> report = report(instance);
    assertThat(report).hasSize(8).noneMatch(CheckItem::pass)
        .allMatch(i -> i.detail().contains("alibuild03 is not a configured Mesos master"));
    verify(cloud, never()).findServer(anyString(), anyString());
    verify(shell, never()).run(anyString(), any(RemoteCommand.class));
    verify(reachability, never()).ping(anyString());
  }

  @Test
  void theResultTaskAcceptsOnlyNotes() {
    masterIsHealthy("alimesos02");
    ProcessInstance instance = checkMaster("alimesos02");

    assertThatThrownBy(() -> taskService().complete(task(instance).getId(), Map.of("masterVerified", false)))
        .hasMessageContaining("variable 'masterVerified' cannot be set");
    taskService().complete(task(instance).getId(), Map.of("reportNotes", "checked by hand too"));
    assertThat(instance).isEnded();
  }

  // --- fixtures ---

  private void masterIsHealthy(String master) {
    when(cloud.findServer(PROJECT, master)).thenReturn(Optional.of(new CloudServer("id", master, "ACTIVE", "cern-geneva-b", Map.of(), null)));
    when(foreman.configurationStatus(master)).thenReturn(new ConfigurationStatus(0, "No changes"));
    when(reachability.ping(master)).thenReturn(new PingResult(master, "10.0.0.2", "icmp", true, 3, 3, 0.4, "rtt min/avg/max"));
    when(shell.run(master, RemoteCommand.hostname())).thenReturn(
        new CommandResult(master, "hostname", 0, null, master + ".cern.ch\n", "", false, false, 30));
    when(docker.checkContainers(master, "master")).thenReturn(
        new ContainerCheck(master, "master", true, CONTAINERS, CONTAINERS, List.of(), ""));
    when(cluster.zooKeeper()).thenReturn(new ZooKeeperEnsemble(List.of(
        zk("alimesos01", ZooKeeperMode.LEADER, null), zk("alimesos02", ZooKeeperMode.FOLLOWER, null),
        zk("alimesos03", ZooKeeperMode.FOLLOWER, null))));
    when(cluster.health()).thenReturn(new ClusterHealth(
        MASTERS.stream().map(m -> new MasterHealth(m, true, "alimesos01", null)).toList(), Optional.of(leader("alimesos01")), 2));
    when(cluster.marathon()).thenReturn(
        MASTERS.stream().map(m -> new MarathonStatus(m, true, "alimesos01", m.equals("alimesos01"), "1.4", null)).toList());
  }

  private static ZooKeeperStatus zk(String master, ZooKeeperMode mode, String error) {
    return new ZooKeeperStatus(master, mode, "3.8", 0, 0.1, 2, 5, 0, 100, 30, error);
  }

  private static MesosLeader leader(String master) {
    return new MesosLeader(master, master + ".cern.ch", 5050, "master@10.0.0.1:5050", "alimesos01", false);
  }

  private ProcessInstance checkMaster(String hostname) {
    ProcessInstance instance = runtimeService().startProcessInstanceByKey("verify-master", Map.of("hostname", hostname));
    CheckProcessTests.runAllJobs(instance);
    return instance;
  }

  private static List<CheckItem> report(ProcessInstance instance) {
    return CheckReport.parse((String) runtimeService().getVariable(instance.getId(), "checkReport"));
  }
}
