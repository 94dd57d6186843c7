package org.alisw.runbooks.runbook.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.identityService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.alisw.runbooks.openstack.CloudImage;
import org.alisw.runbooks.openstack.CloudLookup;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.RebuildRequest;
import org.alisw.runbooks.policy.HostNamePolicy;
import org.alisw.runbooks.policy.MachineNaming;
import org.alisw.runbooks.policy.ProtectedHosts;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookSettings;
import org.alisw.runbooks.runbook.RunbookTimings;
import org.alisw.runbooks.runbook.approval.ApprovedPlan;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Walks {@code rebuild-agents} and {@code rebuild-agents-host} with stubs of rebuild-vm and
 * verify-host (their contracts) and the ports mocked. Jobs run one by one in a seeded random order;
 * after every job the number of hosts in flight (rebuild-agents-host instances) is counted.
 */
@Deployment(
    resources = {
      "rebuild-agents.bpmn",
      "rebuild-agents-host.bpmn",
      "stubs/fleet-rebuild-vm-stub.bpmn",
      "stubs/fleet-verify-host-stub.bpmn",
      "forms/rebuild-agents-start.form",
      "forms/rebuild-agents-discuss.form",
      "forms/rebuild-agents-approve.form",
      "forms/rebuild-agents-report.form",
      "forms/rebuild-agents-outcomes.form"
    })
class RebuildAgentsProcessTest {

  @RegisterExtension
  static final ProcessEngineExtension ENGINE =
      ProcessEngineExtension.builder().configurationResource("process-test.camunda.cfg.xml").build();

  private static final String PROJECT = "release-testing";
  private static final String OPERATORS = "alice-agile-admin";

  private final CloudPort cloud = mock(CloudPort.class);
  private final Set<String> importantTasksOn = Collections.synchronizedSet(new java.util.HashSet<>());
  private final Set<String> puppetFailsOn = Collections.synchronizedSet(new java.util.HashSet<>());
  private final List<String> rebuilt = Collections.synchronizedList(new ArrayList<>());
  private final FleetRules rules =
      new FleetRules(
          new HostNamePolicy(Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?")),
          new ProtectedHosts(List.of("alibuild03", "alibuild09"), List.of("alibuild03"), List.of("alibuild03")),
          new MachineNaming(Pattern.compile("alibuild[0-9]{2,}"), Pattern.compile("alimesos[0-9]{2}")),
          PROJECT,
          Set.of(PROJECT, "cloud-tests"),
          new FleetProperties(3, 20, 150));

  @BeforeEach
  void register() {
    Mocks.register("runbooks", new RunbookSettings(new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS));
    Mocks.register("fleetRebuildRequest", new FleetRebuildRequest(new CloudLookup() {
      @Override
      public Optional<CloudServer> findServer(String project, String name) {
        return cloud.findServer(project, name);
      }

      @Override
      public List<CloudServer> servers(String project) {
        return cloud.servers(project);
      }
    }, rules));
    Mocks.register("fleetFreezePlan", new FleetFreezePlanDelegate(cloud, rules));
    Mocks.register("fleetTakeNextHost", new FleetTakeNextHostDelegate(cloud, rules));
    Mocks.register("fleetRecordOutcome", new FleetRecordOutcomeDelegate());
    Mocks.register("fleetSummarize", new FleetSummarizeDelegate());
    Mocks.register("fleetHostRequest", new FleetHostRequest(rules));
    // lifecycle's ListAgentTasksDelegate, as its variables say: important tasks or not.
    Mocks.register("listAgentTasks", (JavaDelegate) execution -> {
      boolean important = importantTasksOn.contains((String) execution.getVariable("hostname"));
      execution.setVariable("runsImportantTasks", important);
      execution.setVariable("importantTasks", important ? "alibuild/prod/daily-o2-build (framework aurora, TASK_RUNNING, IMPORTANT)" : "none");
    });
    // rebuild-vm's steps: the passed plan checked, then one rebuild asked of the cloud.
    Mocks.register("fleetStubRebuild", (JavaDelegate) execution -> {
      ApprovedPlan plan = ApprovedPlan.checkPassed(execution, "hostname", "project", "serverId", "image");
      cloud.rebuildServer(plan.get("project"), plan.get("serverId"), plan.get("image"), new RebuildRequest(execution.getProcessInstanceId(), 1));
      rebuilt.add(plan.get("hostname"));
      execution.setVariable("rebuilt", true);
    });
    Mocks.register("fleetStubVerify", (JavaDelegate) execution -> {
      boolean fails = puppetFailsOn.contains((String) execution.getVariable("hostname"));
      execution.setVariable("hostVerified", !fails);
      execution.setVariable("puppetAttemptsUsed", fails ? 3 : 2);
      execution.setVariable("puppetExitCode", fails ? 6 : 2);
    });
    when(cloud.latestImage(PROJECT, null)).thenReturn(Optional.of(new CloudImage("img-new", "CC7 - x86_64 [2026-11-01]", "active", null)));
  }

  @AfterEach
  void reset() {
    ClockUtil.reset();
    Mocks.reset();
    identityService().clearAuthentication();
  }

  @Test
  void neverMoreThanKHostsInFlightAndEveryHostEndsInTheOutcomeTable() {
    List<String> hosts = agents(801, 807);
    puppetFailsOn.add("alibuild803");
    importantTasksOn.add("alibuild806");
    ProcessInstance instance = approved(hosts, 3);

    int maxInFlight = runJobs(3);

    assertThat(maxInFlight).as("hosts in flight at most").isEqualTo(3);
    assertThat(rebuilt).containsExactlyInAnyOrder("alibuild801", "alibuild802", "alibuild803", "alibuild804", "alibuild805", "alibuild807");
    hosts.stream().filter(h -> !h.equals("alibuild806"))
        .forEach(h -> verify(cloud).rebuildServer(eq(PROJECT), eq("id-" + h), eq("img-new"), any()));
    verify(cloud, never()).rebuildServer(PROJECT, "id-alibuild806", "img-new", null);
    // Two report tasks, one per failed host, each saying why.
    assertThat(reports(instance)).containsOnlyKeys("alibuild803", "alibuild806");
    assertThat(reports(instance).get("alibuild803")).contains("not-verified").contains("verify-host needs an operator at 'Report the puppet errors'");
    assertThat(reports(instance).get("alibuild806")).contains("skipped-important-tasks").contains("daily-o2-build");

    completeReports(instance);
    runJobs(3);
    assertThat(instance).isWaitingAt("user_task_read_outcomes");
    String table = (String) runtimeService().getVariable(instance.getId(), "fleetOutcomes");
    assertThat(table).containsPattern("\\{\"host\":\"alibuild801\",\"result\":\"rebuilt\",\"puppetAttempts\":2,\"durationSeconds\":[1-9][0-9]*0\\}")
        .contains("{\"host\":\"alibuild803\",\"result\":\"not-verified\",\"puppetAttempts\":3,")
        .contains("{\"host\":\"alibuild806\",\"result\":\"skipped-important-tasks\",\"puppetAttempts\":null,");
    assertThat((String) runtimeService().getVariable(instance.getId(), "fleetSummary"))
        .isEqualTo("7 hosts: 5 rebuilt, 1 not-verified, 1 skipped-important-tasks");
    assertThat((String) runtimeService().getVariable(instance.getId(), "fleetOutcomeTable"))
        .startsWith("host         result").containsPattern("alibuild805  rebuilt                       2 +[1-9][0-9]*0 s");
    taskService().complete(taskService().createTaskQuery().processInstanceId(instance.getId()).singleResult().getId());
    assertThat(instance).isEnded().hasPassed("end_event_fleet_done");
  }

  /** With one slot, a host that fails first does not hold the slot: every other host is done while its report waits. */
  @Test
  void aFailedHostGoesToItsOwnReportTaskAndItsSlotGoesOn() {
    puppetFailsOn.add("alibuild811");
    ProcessInstance instance = approved(agents(811, 814), 1);

    int maxInFlight = runJobs(1);

    assertThat(maxInFlight).isEqualTo(1);
    assertThat(rebuilt).containsExactly("alibuild811", "alibuild812", "alibuild813", "alibuild814");
    assertThat(reports(instance)).containsOnlyKeys("alibuild811");
    assertThat(runtimeService().getVariable(instance.getId(), "fleetOutcome_alibuild814")).asString().contains("\"result\":\"rebuilt\"");
    assertThat(instance).isWaitingAt("user_task_report_host_failure");
    // The fleet ends only once the report is written.
    completeReports(instance);
    runJobs(1);
    assertThat(instance).isWaitingAt("user_task_read_outcomes");
  }

  @Test
  void aListNamingAProtectedHostIsRefusedUpFrontNamingIt() {
    serversExist(agents(821, 822));
    for (String hosts : List.of("alibuild821\nalibuild09", "alibuild03, alibuild821")) {
      assertThatThrownBy(() -> start(hosts, 3)).isInstanceOf(RequestRejected.class)
          .hasMessageContaining("Never rebuild alibuild0").hasMessageContaining("nothing was started");
    }
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
    verify(cloud, never()).servers(anyString());
  }

  @Test
  void duplicatesUnknownHostsMastersAndABadKAreRefusedWithTheNames() {
    serversExist(agents(831, 832));
    assertThatThrownBy(() -> start("alibuild831\nalibuild832, alibuild831", 3)).hasMessageContaining("Named more than once: alibuild831");
    assertThatThrownBy(() -> start("alibuild831 alibuild899", 3)).hasMessageContaining("No server named alibuild899 in OpenStack project release-testing");
    assertThatThrownBy(() -> start("alibuild831,alimesos01", 3)).hasMessageContaining("Not agents: alimesos01");
    assertThatThrownBy(() -> start("alibuild831,Alibuild832", 3)).hasMessageContaining("'Alibuild832' is not a valid server name");
    assertThatThrownBy(() -> start("alibuild831", 21)).hasMessageContaining("between 1 and 20");
    assertThatThrownBy(() -> start(" , ", 3)).hasMessageContaining("Name the agents to rebuild");
    assertThat(runtimeService().createProcessInstanceQuery().count()).isZero();
  }

  @Test
  void kDefaultsToTheConfiguredParallelismAndSlotsToTheListWhenShorter() {
    serversExist(agents(841, 842));
    identityService().setAuthenticatedUserId("operator1");
    ProcessInstance instance = runtimeService().startProcessInstanceByKey("rebuild-agents", Map.of("hosts", "alibuild841\nalibuild842", "reason", "image"));
    assertThat(instance).variables().containsEntry("parallelism", 3).containsEntry("fleetSlots", 2).containsEntry("fleetHosts", "alibuild841,alibuild842");
  }

  @Test
  void theRequesterCannotApproveHisOwnListAndTheApproverSeesTheFrozenList() {
    List<String> hosts = agents(851, 853);
    ProcessInstance instance = discussed(hosts, 2);
    Task approval = taskService().createTaskQuery().processInstanceId(instance.getId()).singleResult();
    assertThat(approval.getTaskDefinitionKey()).isEqualTo("user_task_approve_rebuilds");
    assertThat((String) runtimeService().getVariable(instance.getId(), "plan"))
        .contains("\"fleetHosts\" : \"alibuild851,alibuild852,alibuild853\"", "\"parallelism\" : 2", "img-new", "\"requestedBy\" : \"operator1\"");

    identityService().setAuthenticatedUserId("operator1");
    assertThatThrownBy(() -> taskService().claim(approval.getId(), "operator1")).hasMessageContaining("Four-eyes");
    assertThatThrownBy(() -> taskService().complete(approval.getId(), Map.of("approvalDecision", "approve", "approvalNotes", "mine")))
        .hasMessageContaining("Four-eyes: operator1 started this runbook and cannot approve it");
    assertThat(instance).isWaitingAt("user_task_approve_rebuilds");
    verify(cloud, never()).rebuildServer(anyString(), anyString(), anyString(), any());
  }

  /** A list changed after the approval: no slot takes a host; the table says why. */
  @Test
  void aListChangedAfterTheApprovalRebuildsNothing() {
    ProcessInstance instance = approved(agents(861, 863), 2);
    runtimeService().setVariable(instance.getId(), "fleetHosts", "alibuild861,alibuild864");

    runJobs(2);

    verify(cloud, never()).rebuildServer(anyString(), anyString(), anyString(), any());
    assertThat(instance).isWaitingAt("user_task_read_outcomes");
    assertThat((String) runtimeService().getVariable(instance.getId(), "approvalVoid"))
        .contains("'fleetHosts' is 'alibuild861,alibuild864' but the approved plan says 'alibuild861,alibuild862,alibuild863'");
    assertThat((String) runtimeService().getVariable(instance.getId(), "fleetSummary")).isEqualTo("3 hosts: 3 not-started");
  }

  /** A host protected (configuration) or deleted after the approval is refused alone; the others go on. */
  @Test
  void aHostGoneAfterTheApprovalIsReportedAndTheOthersGoOn() {
    ProcessInstance instance = approved(agents(871, 873), 2);
    when(cloud.findServer(PROJECT, "alibuild872")).thenReturn(Optional.empty());

    runJobs(2);

    assertThat(rebuilt).containsExactlyInAnyOrder("alibuild871", "alibuild873");
    assertThat(reports(instance)).containsOnlyKeys("alibuild872");
    assertThat(reports(instance).get("alibuild872")).contains("refused", "No server named alibuild872");
  }

  /**
   * The semaphore: three slots take at the same moment in three threads; they all read the same
   * queue position, one commits and the others fail with an optimistic locking exception (their
   * jobs stay, to be retried), so a host is never taken twice.
   */
  @Test
  void slotsTakingAtOnceCollideInTheDatabaseAndNoHostIsTakenTwice() throws Exception {
    ProcessInstance instance = approved(agents(881, 886), 3);
    CountDownLatch allInside = new CountDownLatch(3);
    when(cloud.findServer(eq(PROJECT), anyString())).thenAnswer(call -> {
      allInside.countDown();
      allInside.await(5, TimeUnit.SECONDS);
      return Optional.of(server(call.getArgument(1)));
    });
    List<Job> takes = managementService().createJobQuery().activityId("service_task_take_next_host").list();
    assertThat(takes).hasSize(3);

    Map<String, Object> beans = Map.copyOf(Mocks.getMocks());
    ExecutorService threads = Executors.newFixedThreadPool(3);
    List<Future<?>> runs = takes.stream().<Future<?>>map(j -> threads.submit(() -> {
      beans.forEach(Mocks::register); // the mock registry is per thread
      managementService().executeJob(j.getId());
    })).toList();
    List<Throwable> failures = new ArrayList<>();
    for (Future<?> run : runs) {
      try {
        run.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        failures.add(e.getCause());
      }
    }
    threads.shutdown();

    assertThat(failures).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(OptimisticLockingException.class));
    assertThat(runtimeService().getVariable(instance.getId(), "fleetNextIndex")).isEqualTo(1);
    runJobs(3);
    assertThat(rebuilt).hasSize(6).doesNotHaveDuplicates();
    verify(cloud, times(6)).rebuildServer(eq(PROJECT), anyString(), eq("img-new"), any());
  }

  // --- fixture ---------------------------------------------------------------------------------

  private static List<String> agents(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "alibuild" + i).toList();
  }

  private static CloudServer server(String name) {
    return new CloudServer("id-" + name, name, "ACTIVE", "cern-geneva-a", Map.of(), null, List.of(), List.of(), "flavor-m2.2xlarge", "img-old", "alibuild");
  }

  private void serversExist(List<String> hosts) {
    List<CloudServer> servers = hosts.stream().map(RebuildAgentsProcessTest::server).toList();
    when(cloud.servers(PROJECT)).thenReturn(servers);
    servers.forEach(s -> when(cloud.findServer(PROJECT, s.name())).thenReturn(Optional.of(s)));
  }

  private ProcessInstance start(String hosts, int k) {
    identityService().setAuthenticatedUserId("operator1");
    return runtimeService().startProcessInstanceByKey("rebuild-agents", Map.of("hosts", hosts, "reason", "new CC7 image", "parallelism", k));
  }

  private ProcessInstance discussed(List<String> hosts, int k) {
    serversExist(hosts);
    ProcessInstance instance = start(String.join("\n", hosts), k);
    assertThat(instance).isWaitingAt("user_task_discuss_with_colleagues");
    identityService().setAuthenticatedUserId("operator2");
    taskService().complete(taskService().createTaskQuery().processInstanceId(instance.getId()).singleResult().getId(),
        Map.of("discussionOutcome", "go", "discussionNotes", "agreed in the ops meeting"));
    managementService().executeJob(managementService().createJobQuery().activityId("service_task_freeze_plan").singleResult().getId());
    return instance;
  }

  private ProcessInstance approved(List<String> hosts, int k) {
    ProcessInstance instance = discussed(hosts, k);
    identityService().setAuthenticatedUserId("operator2");
    Task approval = taskService().createTaskQuery().processInstanceId(instance.getId()).singleResult();
    taskService().claim(approval.getId(), "operator2");
    taskService().complete(approval.getId(), Map.of("approvalDecision", "approve", "approvalNotes", "ok"));
    identityService().clearAuthentication();
    return instance;
  }

  /**
   * Runs every job in a seeded random order until none is left, the clock 10 s further after each;
   * returns the most hosts ever in flight.
   */
  private static int runJobs(int k) {
    Random random = new Random(14);
    ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime()));
    int most = 0;
    for (int i = 0; i < 5000; i++) {
      List<Job> jobs = managementService().createJobQuery().withRetriesLeft().list();
      if (jobs.isEmpty()) {
        return most;
      }
      managementService().executeJob(jobs.get(random.nextInt(jobs.size())).getId());
      ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime() + 10_000));
      int inFlight = (int) runtimeService().createProcessInstanceQuery().processDefinitionKey("rebuild-agents-host").count();
      assertThat(inFlight).as("hosts in flight").isLessThanOrEqualTo(k);
      most = Math.max(most, inFlight);
    }
    return fail("the jobs never ran out");
  }

  /** The open report tasks: host → "result: detail". */
  private static Map<String, String> reports(ProcessInstance instance) {
    Map<String, String> reports = new HashMap<>();
    for (Task task : taskService().createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey("user_task_report_host_failure").list()) {
      Map<String, Object> v = runtimeService().getVariablesLocal(task.getExecutionId());
      reports.put((String) v.get("reportHost"), v.get("reportResult") + ": " + v.get("reportDetail"));
    }
    return reports;
  }

  private static void completeReports(ProcessInstance instance) {
    for (Task task : taskService().createTaskQuery().processInstanceId(instance.getId()).taskDefinitionKey("user_task_report_host_failure").list()) {
      taskService().complete(task.getId(), Map.of("reportNotes", "reported in the ALICE build ticket"));
    }
  }
}
