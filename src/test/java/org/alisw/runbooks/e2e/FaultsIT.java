package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.certmgr.SimulatedCertmgr;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.openstack.SimulatedKeystone;
import org.alisw.runbooks.sandbox.openstack.SimulatedNova;
import org.alisw.runbooks.sandbox.roger.SimulatedRoger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The fault table (issue 13, "Faults"): each row injects one fault through a simulator's fault
 * hooks, starts the runbook step that meets it over REST as operator1, waits for what the engine
 * does about it (retries per {@code runbooks.timings.retry-cycle}, then an incident; or the
 * runbook's human task), checks that the instance is still there, clears the fault and recovers as
 * an operator over REST (operator2: {@code PUT /job/{id}/retries}, or completing the task), and
 * waits for the runbook to complete. What it saw is written to {@code target/faults-table.md},
 * the source of the table in docs/operations.md.
 *
 * <p>Shared context: the machines are this class's own ({@code alibuild81..89}, created here and
 * deleted after each test),
 * faults are scoped to them where the simulator allows it ({@code OPERATION@SERVER_ID}, {@code
 * ssh.connect:HOST}) and every fault is cleared in {@code finally}. Rows whose fault hits a whole
 * service (Keystone, Foreman, Mesos, ZooKeeper) run one at a time; the others run side by side.
 * The Foreman, Certmgr and Roger faults met by create-agent, rebuild-agent and delete-vm ({@code
 * alibuild78}, {@code alibuild80}, {@code alibuild90..98}) are scoped to the row's host ({@link
 * Faults#scoped}), so those rows run side by side too.
 */
@SandboxTest
class FaultsIT {

  private static final String PROJECT = "release-testing";
  /** Written by the test: the observed table (fault, step, behaviour, recovery, outcome). */
  static final Path TABLE = Path.of("target", "faults-table.md");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Observation> OBSERVED = new CopyOnWriteArrayList<>();
  /** The machines this class created, removed after each test so the shared world is as before. */
  private final List<String> created = new CopyOnWriteArrayList<>();
  /** The Nova id of each machine prepared here, by name (delete-vm's rows count its deletes). */
  private final Map<String, String> serverIds = new java.util.concurrent.ConcurrentHashMap<>();

  @Autowired TestRestTemplate rest;
  @Autowired SimulatedDataCentre dataCentre;
  @Autowired OpenStackSimulator openStack;
  @Autowired SimulatedHosts hosts;
  @Autowired SimulatedForeman foreman;
  @Autowired SimulatedMesos mesos;
  @Autowired SimulatedCertmgr certmgr;
  @Autowired SimulatedRoger roger;
  @Autowired KnownHosts knownHosts;

  /** One line of the table, as observed. */
  record Observation(int order, String fault, String runbook, String step, String behaviour, String recovery, String outcome) {}

  /** Where a runbook stopped after meeting a fault. */
  record Stop(String kind, String activityId, String id, String detail) {}

  // --- The rows -----------------------------------------------------------------------------

  /**
   * Faults that hit one machine only: run side by side, each on its own server. Each row starts,
   * then every row is awaited, recovered and awaited again, so the slow ones (a read timeout, a
   * ping deadline) overlap.
   */
  @Test
  void faultsOfOneMachineAreRetriedThenReachAnOperatorWhoRecoversTheRunbookOverRest() throws Exception {
    List<Row> rows = List.of(
        rebootRow(1, "OpenStack 5xx (Nova answers 503)", "alibuild81",
            id -> openStack.faults().failUntilCleared("nova.servers.action@" + id, new Faults.HttpStatus(503, "Service Unavailable")),
            id -> openStack.faults().clear("nova.servers.action@" + id)),
        rebootRow(2, "OpenStack timeout (Nova holds the answer past the read timeout, once)", "alibuild82",
            // Longer than runbooks.openstack.read-timeout (60 s); once, so the retry finds Nova well.
            id -> openStack.faults().inject("nova.servers.action@" + id, new Faults.Latency(Duration.ofSeconds(63)), 1),
            id -> openStack.faults().clear("nova.servers.action@" + id)),
        rebootRow(3, "OpenStack dropped connection (Nova closes it without answering)", "alibuild83",
            id -> openStack.faults().failUntilCleared("nova.servers.action@" + id, new Faults.Drop()),
            id -> openStack.faults().clear("nova.servers.action@" + id)),
        rebootRow(4, "Server in ERROR (the hard reboot ends in ERROR)", "alibuild84",
            id -> openStack.faults().inject(SimulatedNova.ERROR_ON_REBOOT + "@" + id,
                new Faults.HttpStatus(500, "Failed to reboot instance: libvirt error (faults-it)"), 1),
            id -> openStack.faults().clear(SimulatedNova.ERROR_ON_REBOOT + "@" + id))
            .decision(Map.of("decision", "reboot-again", "investigationNotes", "hypervisor fixed, rebooting again")),
        verifyRow(5, "SSH refused (the host closes every connection)", "alibuild85",
            host -> hosts.faults().failUntilCleared(SimulatedHosts.connectOperation(host), new Faults.Drop()),
            host -> hosts.faults().clear(SimulatedHosts.connectOperation(host)),
            Map.of("decision", "wait-again", "verifyNotes", "sshd restarted from the console")),
        verifyRow(6, "SSH timeout (the host accepts and never answers in time)", "alibuild86",
            // Longer than the ping probe (2 s) and the SSH connect timeout (5 s) of the sandbox.
            host -> hosts.faults().failUntilCleared(SimulatedHosts.connectOperation(host), new Faults.Latency(Duration.ofSeconds(7))),
            host -> hosts.faults().clear(SimulatedHosts.connectOperation(host)),
            Map.of("decision", "wait-again", "verifyNotes", "network fixed")),
        hostKeyChangedRow(7, "alibuild87"),
        verifyRow(8, "Puppet never converging (every run reports errors)", "alibuild88",
            host -> dataCentre.server(host).orElseThrow().failNextPuppetRuns(1000),
            host -> dataCentre.server(host).orElseThrow().failNextPuppetRuns(0),
            Map.of("decision", "retry", "puppetNotes", "fixed the manifest")));
    try {
      for (Row row : rows) {
        row.prepare();
      }
      for (Row row : rows) {
        row.injectAndStart();
      }
      for (Row row : rows) {
        row.awaitStop();
      }
      for (Row row : rows) {
        row.recover();
      }
      for (Row row : rows) {
        row.awaitCompleted();
      }
    } finally {
      rows.forEach(Row::clearQuietly);
    }
  }

  /** Keystone down: every runbook's next login fails, so this row runs alone. */
  @Test
  void keystoneDownFailsTheNextOpenStackStepUntilAnOperatorRetriesIt() {
    String host = "alibuild89";
    SimulatedKeystone keystone = openStack.keystone();
    Row row = new Row(9, "Keystone down (503 on every login)", "reboot-server", host) {
      @Override
      void injectAndStart() {
        instanceId = startRunbook("reboot-server", Map.of("hostname", host, "reason", "faults-it: Keystone down"));
        // Down once the reboot was asked for: the status poll that follows needs a new token.
        await().atMost(Duration.ofSeconds(60)).until(() -> passed(instanceId, "service_task_hard_reboot"));
        openStack.faults().failUntilCleared("keystone.tokens.create", new Faults.HttpStatus(503, "Service Unavailable"));
        keystone.issuedTokens().forEach(t -> keystone.revoke(t.id()));
      }

      @Override
      void clear() {
        openStack.faults().clear("keystone.tokens.create");
      }
    };
    runAlone(row);
  }

  @Test
  void foremanDownIsAFailedItemOfTheMasterChecklistAndTheNextChecklistPasses() {
    runAlone(checklistRow(10, "Foreman down (503 on every call)", "no puppet errors in Foreman",
        () -> List.of("foreman.hosts.show", "foreman.config_reports.last", "foreman.hosts.status", "foreman.hosts.index")
            .forEach(op -> foreman.faults().failUntilCleared(op, new Faults.HttpStatus(503, "Service Unavailable"))),
        () -> foreman.faults().clear()));
  }

  @Test
  void anUnreachableMesosLeaderIsAFailedItemOfTheMasterChecklistAndTheNextChecklistPasses() {
    String leader = mesos.leader().orElseThrow();
    String checked = dataCentre.healthyMasters().stream().filter(m -> !m.equals(leader)).sorted().findFirst().orElseThrow();
    runAlone(checklistRow(11, "Mesos leader unreachable (" + leader + " drops every connection)", "Mesos master up, leader known", checked,
        () -> List.of("mesos.health", "mesos.redirect", "mesos.state", "mesos.slaves", "mesos.frameworks")
            .forEach(op -> mesos.faults().failUntilCleared(op + "@" + leader, new Faults.Drop())),
        () -> mesos.faults().clear()));
  }

  @Test
  void zooKeeperWithoutQuorumIsAFailedItemOfTheMasterChecklistAndTheNextChecklistPasses() {
    runAlone(checklistRow(12, "ZooKeeper without quorum (no server serves)", "ZooKeeper serving",
        () -> List.of("srvr", "stat", "mntr")
            .forEach(word -> mesos.faults().failUntilCleared("zookeeper." + word,
                new Faults.HttpStatus(0, "This ZooKeeper instance is not currently serving requests"))),
        () -> mesos.faults().clear()));
  }

  /**
   * Foreman, Certmgr or Roger down when a service task of create-agent, rebuild-agent or delete-vm
   * calls it (delete-vm never calls Certmgr: ai-kill does not). Every call about the row's host
   * answers 503 from the moment the runbook is started. The step fails as often as the retry cycle
   * says ({@code R3/PT5S}: 3 executions, 5 s apart; the shared cycle is not changed, and as the
   * eight rows run side by side its 10 s are spent once), then raises an incident. The instance
   * waits at it; the fault is cleared; operator1 retries the incident over REST and the runbook
   * completes, each side effect applied once (the simulators' {@code sideEffects()}, Nova's
   * requests).
   */
  @Test
  void foremanCertmgrOrRogerDownFailsAServiceTaskUntilAnOperatorRetriesItAndNothingIsDoneTwice() {
    List<Row> rows = List.of(
        stepRow(13, "create-agent", "alibuild91", foremanDown("alibuild91"), "provision-vm", "service_task_register_foreman_host"),
        stepRow(14, "create-agent", "alibuild92", certmgrDown("alibuild92"), "provision-vm", "service_task_stage_certificate"),
        stepRow(15, "create-agent", "alibuild93", rogerDown("alibuild93"), "provision-vm", "service_task_set_roger_build"),
        stepRow(16, "rebuild-agent", "alibuild94", foremanDown("alibuild94"), "rebuild-vm", "service_task_require_foreman_host"),
        stepRow(17, "rebuild-agent", "alibuild95", certmgrDown("alibuild95"), "rebuild-vm", "service_task_stage_certificate"),
        stepRow(18, "rebuild-agent", "alibuild96", rogerDown("alibuild96"), "rebuild-vm", "service_task_set_roger_build"),
        stepRow(19, "delete-vm", "alibuild97", rogerDown("alibuild97"), "delete-vm", "service_task_set_roger_disabled"),
        stepRow(20, "delete-vm", "alibuild98", foremanDown("alibuild98"), "delete-vm", "service_task_delete_foreman_host"),
        startWhileForemanDownRow(21, "alibuild90"),
        // Longer than runbooks.foreman.request-timeout (30 s) and runbooks.certmgr.request-timeout (15 s).
        lostAnswerRow(22, "Foreman", "alibuild80", "foreman.hosts.create", Duration.ofSeconds(33), "service_task_register_foreman_host"),
        lostAnswerRow(23, "Certmgr", "alibuild78", "certmgr.staged.create", Duration.ofSeconds(18), "service_task_stage_certificate"));
    try {
      for (Row row : rows) {
        row.prepare();
      }
      for (Row row : rows) {
        row.injectAndStart();
      }
      for (Row row : rows) {
        row.awaitStop();
      }
      for (Row row : rows) {
        row.recover();
      }
      for (Row row : rows) {
        row.awaitCompleted();
      }
    } finally {
      rows.forEach(Row::clearQuietly);
    }
  }

  private void runAlone(Row row) {
    try {
      row.prepare();
      row.injectAndStart();
      row.awaitStop();
      row.recover();
      row.awaitCompleted();
    } finally {
      row.clearQuietly();
    }
  }

  // --- Row kinds ----------------------------------------------------------------------------

  /** A fault one runbook meets, what the engine did, how an operator recovered. */
  abstract class Row {
    final int order;
    final String fault;
    final String runbook;
    final String host;
    String instanceId;
    Stop stop;
    String recovery;
    Map<String, String> decision = Map.of();

    Row(int order, String fault, String runbook, String host) {
      this.order = order;
      this.fault = fault;
      this.runbook = runbook;
      this.host = host;
    }

    Row decision(Map<String, String> values) {
      this.decision = values;
      return this;
    }

    /** The machine, this class's own, ACTIVE, installed and known (host key in known_hosts). */
    void prepare() {
      if (host != null) {
        prepareAgent(host);
      }
    }

    abstract void injectAndStart();

    abstract void clear();

    void clearQuietly() {
      try {
        clear();
      } catch (RuntimeException e) {
        // finally of a failed row: the other clears still run
      }
    }

    void awaitStop() {
      stop = awaitStopOf(instanceId);
      if (!"completed".equals(stop.kind())) {
        assertThat(operator2().get("/process-instance/" + instanceId).getStatusCode())
            .as("no instance lost: %s is still running at %s", instanceId, stop)
            .isEqualTo(HttpStatus.OK);
      }
    }

    /** Clears the fault, then what an operator does. */
    void recover() {
      clear();
      switch (stop.kind()) {
        case "incident" -> {
          ResponseEntity<JsonNode> retried = put("/job/" + stop.id() + "/retries", Map.of("retries", 1));
          assertThat(retried.getStatusCode().is2xxSuccessful()).as("%s", retried.getBody()).isTrue();
          recovery = "clear the cause, then retry the incident: `PUT /engine-rest/job/{jobId}/retries` `{\"retries\": 1}` (Cockpit: Retry)";
        }
        case "task" -> {
          completeTask(stop.id(), decision);
          recovery = "clear the cause, then complete `" + stop.activityId() + "` with `decision=" + decision.get("decision") + "`";
        }
        default -> recovery = "none: the retry cycle absorbed it";
      }
    }

    void awaitCompleted() {
      String end = awaitEnd(instanceId);
      assertThat(end).as("%s ended at %s", fault, end).isEqualTo(expectedEnd());
      OBSERVED.add(new Observation(order, fault, runbook, step(), behaviour(), recovery, "completed at `" + end + "`" + extraOutcome()));
    }

    String expectedEnd() {
      return switch (runbook) {
        case "reboot-server" -> "end_event_server_rebooted";
        case "verify-host" -> "end_event_host_verified";
        default -> throw new IllegalStateException(runbook);
      };
    }

    String step() {
      return "`" + stop.activityId() + "`";
    }

    String behaviour() {
      return switch (stop.kind()) {
        case "incident" -> "failed " + failures(stop.id()) + " times (retry cycle), then an incident: " + quote(stop.detail());
        case "task" -> "human task `" + stop.activityId() + "` for the operators group, no incident" + (stop.detail().isBlank() ? "" : ": " + quote(stop.detail()));
        default -> "failed " + stop.detail() + " time(s), retried by the retry cycle, succeeded; no incident, no operator";
      };
    }

    String extraOutcome() {
      return "";
    }
  }

  /** reboot-server on {@code host}; {@code inject} and {@code clear} get the server's Nova id. */
  private Row rebootRow(int order, String fault, String host, Consumer<String> inject, Consumer<String> clear) {
    return new Row(order, fault, "reboot-server", host) {
      String serverId;

      @Override
      void injectAndStart() {
        serverId = dataCentre.server(host).orElseThrow().id();
        inject.accept(serverId);
        instanceId = startRunbook("reboot-server", Map.of("hostname", host, "reason", "faults-it: " + fault));
      }

      @Override
      void clear() {
        if (serverId != null) {
          clear.accept(serverId);
        }
      }

      @Override
      String extraOutcome() {
        long sent = openStack.requests("POST", ".*/servers/" + serverId + "/action").stream()
            .filter(r -> r.body().has("reboot")).count();
        long performed = openStack.nova().actions(serverId).stream().filter(a -> a.action().equals("reboot")).count();
        // One reboot per round the runbook asked for (the operator's "reboot again" is a second
        // round): a retried job sends the same request key and must not reboot twice.
        assertThat(performed).as("reboots of %s Nova performed", host).isEqualTo(decision.isEmpty() ? 1 : 2);
        return "; Nova received " + sent + " reboot request(s) (the failed calls included) and rebooted " + performed + " time(s)";
      }
    };
  }

  /** verify-host on {@code host}, a reboot's verification ({@code hostKeyChange=unchanged}). */
  private Row verifyRow(int order, String fault, String host, Consumer<String> inject, Consumer<String> clear, Map<String, String> decision) {
    return new Row(order, fault, "verify-host", host) {
      @Override
      void injectAndStart() {
        inject.accept(host);
        instanceId = startRunbook("verify-host", Map.of("hostname", host, "project", PROJECT, "hostKeyChange", "unchanged"));
      }

      @Override
      void clear() {
        clear.accept(host);
      }
    }.decision(decision);
  }

  /** A service down for one host: what the test injects and clears, and how the table names it. */
  record Outage(String service, String fault, List<String> operations, String host) {
    void inject(Faults faults) {
      operations.forEach(op -> faults.failUntilCleared(Faults.scoped(op, host), new Faults.HttpStatus(503, "Service Unavailable")));
    }

    void clear(Faults faults) {
      operations.forEach(op -> faults.clear(Faults.scoped(op, host)));
    }
  }

  private static Outage foremanDown(String host) {
    return new Outage("Foreman", "Foreman down (503 on every call about the host)", List.of(
        "foreman.hosts.create", "foreman.hosts.show", "foreman.hosts.index", "foreman.hosts.destroy",
        "foreman.config_reports.last", "foreman.hosts.status"), host);
  }

  private static Outage certmgrDown(String host) {
    return new Outage("Certmgr", "Certmgr down (503 on every call about the host)", List.of(
        "certmgr.staged.create", "certmgr.staged.list", "certmgr.staged.show", "certmgr.staged.delete"), host);
  }

  private static Outage rogerDown(String host) {
    return new Outage("Roger", "Roger down (503 on every call about the host)", List.of(
        "roger.state.show", "roger.state.create", "roger.state.update", "roger.state.delete"), host);
  }

  private Faults faultsOf(Outage outage) {
    return switch (outage.service()) {
      case "Foreman" -> foreman.faults();
      case "Certmgr" -> certmgr.faults();
      default -> roger.faults();
    };
  }

  /** The user tasks a row walks through on its way to the step (operator2: four-eyes). */
  private static final Map<String, Map<String, String>> WALK_THROUGH = Map.of(
      "user_task_discuss_with_colleagues", Map.of("discussionOutcome", "go", "discussionNotes", "faults-it"),
      "user_task_review_agent_tasks", Map.of("tasksDecision", "proceed"),
      "user_task_confirm_important_tasks", Map.of("tasksDecision", "interrupt-important-tasks", "tasksNotes", "faults-it"),
      "user_task_approve_rebuild", Map.of("approvalDecision", "approve", "approvalNotes", "faults-it"),
      "user_task_rebuild_instead", Map.of("deleteDecision", "delete-for-good"),
      "user_task_approve_delete", Map.of("approvalDecision", "approve", "approvalNotes", "faults-it"));

  /**
   * {@code runbook} on {@code host} meets {@code outage} at {@code stepId} of {@code processKey}
   * (the runbook itself or the process it calls): an incident, retried by operator1 over REST.
   */
  private Row stepRow(int order, String runbook, String host, Outage outage, String processKey, String stepId) {
    return new Row(order, outage.fault(), runbook, host) {
      Stop incident;
      String incidentProcess;
      int failed;
      long serverCreatesBefore;

      @Override
      void prepare() {
        if (runbook.equals("create-agent")) {
          // A new machine: nothing of that name may be left from an earlier run of a kept world.
          dataCentre.server(host).ifPresent(s -> dataCentre.delete(host));
          dataCentre.forget(host);
          created.add(host);
          serverCreatesBefore = serverCreates(host);
        } else {
          prepareAgent(host);
          serverIds.put(host, dataCentre.server(host).orElseThrow().id());
        }
        if (runbook.equals("delete-vm")) {
          // As the real Foreman: the host stays after the Nova delete, until delete-vm's own DELETE.
          foreman.keepHostWhenServerDeleted(host);
        }
      }

      @Override
      void injectAndStart() {
        Map<String, String> variables = runbook.equals("create-agent")
            ? Map.of("hostname", host, "purpose", "release-validation")
            : Map.of("hostname", host, "reason", "faults-it: " + outage.fault());
        if (runbook.equals("create-agent") && outage.service().equals("Foreman")) {
          // create-agent's start check looks the name up in Foreman: only the registration fails
          // before the start, every other call about the host right after it. (Injected after the
          // start alone, a loaded machine let the registration pass first.)
          Faults faults = faultsOf(outage);
          faults.failUntilCleared(Faults.scoped("foreman.hosts.create", host), new Faults.HttpStatus(503, "Service Unavailable"));
          instanceId = startRunbook(runbook, variables);
          outage.inject(faults);
        } else {
          outage.inject(faultsOf(outage));
          instanceId = startRunbook(runbook, variables);
        }
      }

      @Override
      void clear() {
        outage.clear(faultsOf(outage));
      }

      @Override
      void awaitStop() {
        Stop[] seen = new Stop[1];
        await()
            .pollInterval(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(180))
            .until(() -> (seen[0] = stepStop()) != null);
        stop = seen[0];
        assertThat(stop.kind()).as("%s: %s", fault, stop).isEqualTo("incident");
        assertThat(incidentProcess + " " + stop.activityId()).as("%s", stop).isEqualTo(processKey + " " + stepId);
        failed = failures(stop.id());
        assertThat(failed).as("%s: executions of the failing job, R3/PT5S", fault).isEqualTo(3);
        assertThat(operator2().get("/process-instance/" + instanceId).getStatusCode())
            .as("no instance lost: %s is still running at %s", instanceId, stop)
            .isEqualTo(HttpStatus.OK);
        incident = stop;
      }

      /**
       * The instance's incident (the root cause, in a called process too), after walking the user
       * tasks on the way; an unexpected task or the end; null while none of these happened.
       */
      private Stop stepStop() {
        List<String> tree = instanceTree(instanceId);
        for (String id : tree) {
          for (JsonNode i : operator2().get("/incident?processInstanceId=" + id).getBody()) {
            if (i.path("id").asText().equals(i.path("rootCauseIncidentId").asText())) {
              incidentProcess = i.path("processDefinitionId").asText().split(":")[0];
              return new Stop("incident", i.path("activityId").asText(), i.path("configuration").asText(), i.path("incidentMessage").asText(""));
            }
          }
        }
        for (String id : tree) {
          for (JsonNode task : operator2().get("/task?processInstanceId=" + id).getBody()) {
            String key = task.path("taskDefinitionKey").asText();
            if (!WALK_THROUGH.containsKey(key)) {
              incidentProcess = task.path("processDefinitionId").asText().split(":")[0];
              return new Stop("task", key, task.path("id").asText(), problemOf(id));
            }
            completeTask(task.path("id").asText(), WALK_THROUGH.get(key));
          }
        }
        JsonNode state = operator2().get("/history/process-instance/" + instanceId).getBody();
        return "COMPLETED".equals(state.path("state").asText()) ? new Stop("completed", "-", null, "0") : null;
      }

      @Override
      void recover() {
        clear();
        ResponseEntity<JsonNode> retried = put(operator1Credentials(), "/job/" + stop.id() + "/retries", Map.of("retries", 1));
        assertThat(retried.getStatusCode().is2xxSuccessful()).as("%s", retried.getBody()).isTrue();
        recovery = "bring " + outage.service() + " back, then retry the incident (in `" + processKey
            + "`): `PUT /engine-rest/job/{jobId}/retries` `{\"retries\": 1}` as an operator (Cockpit: Retry)";
      }

      @Override
      String expectedEnd() {
        return switch (runbook) {
          case "create-agent" -> "end_event_agent_created";
          case "rebuild-agent" -> "end_event_agent_rebuilt";
          default -> "end_event_vm_deleted";
        };
      }

      @Override
      String step() {
        return processKey.equals(runbook) ? "`" + stepId + "`" : "`" + stepId + "` of the called `" + processKey + "`";
      }

      @Override
      String behaviour() {
        return "failed " + failed + " times (retry cycle), then an incident: " + quote(incident.detail());
      }

      @Override
      String extraOutcome() {
        return "; " + sideEffectsOnce(runbook, host, serverCreatesBefore);
      }
    };
  }

  /**
   * create-agent started while Foreman is down: its start check looks the name up in Foreman
   * ({@code CreateAgentRequest}), so the start itself fails; no instance, no variable, nothing
   * created is left. Once Foreman is back the operator starts it again and it runs to the end.
   */
  private Row startWhileForemanDownRow(int order, String host) {
    Outage outage = foremanDown(host);
    Map<String, String> variables = Map.of("hostname", host, "purpose", "release-validation");
    return new Row(order, outage.fault().replace(")", ") when the runbook is started"), "create-agent", host) {
      ResponseEntity<JsonNode> refused;
      long serverCreatesBefore;

      @Override
      void prepare() {
        dataCentre.server(host).ifPresent(s -> dataCentre.delete(host));
        dataCentre.forget(host);
        created.add(host);
        serverCreatesBefore = serverCreates(host);
      }

      @Override
      void injectAndStart() {
        outage.inject(foreman.faults());
        refused = operator1().start(runbook, variables);
        assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(503);
        assertThat(refused.getBody().path("message").asText()).as("%s", refused.getBody())
            .contains("Foreman").contains(host).contains("503");
        assertThat(operator2().get("/history/variable-instance/count?variableName=hostname&variableValue=" + host)
            .getBody().path("count").asLong()).as("no instance or variable left by the failed start").isZero();
        assertThat(serverCreates(host) - serverCreatesBefore).as("nothing created in Nova").isZero();
        assertThat(foreman.sideEffects().count("foreman.hosts.create", host)).as("nothing registered in Foreman").isZero();
      }

      @Override
      void awaitStop() {
        stop = new Stop("refused", "start", null, refused.getBody().path("message").asText());
      }

      @Override
      void recover() {
        clear();
        instanceId = startRunbook(runbook, variables);
        recovery = "bring Foreman back, then start the runbook again (nothing of the failed start is left)";
      }

      @Override
      void clear() {
        outage.clear(foreman.faults());
      }

      @Override
      String expectedEnd() {
        return "end_event_agent_created";
      }

      @Override
      String step() {
        return "the start check (`create-agent`'s request check looks the name up in Foreman)";
      }

      @Override
      String behaviour() {
        return "the start answers HTTP " + refused.getStatusCode().value() + " and no instance, variable or side effect is left: "
            + quote(refused.getBody().path("message").asText());
      }

      @Override
      String extraOutcome() {
        return "; " + sideEffectsOnce(runbook, host, serverCreatesBefore);
      }
    };
  }

  /**
   * create-agent whose {@code service}'s answer to the step's change is lost: the change is applied
   * (the Foreman host registered, the staging created) but the answer is held past the adapter's
   * request timeout, once. The job fails, its retry finds what the lost answer created and takes it
   * (Foreman: the host carrying this instance's marker; Certmgr: the unconsumed staging) instead of
   * creating it again.
   */
  private Row lostAnswerRow(int order, String service, String host, String operation, Duration stall, String stepId) {
    String fault = service + " answer lost (the change applied, the answer held " + stall.toSeconds()
        + " s, past the request timeout, once)";
    return new Row(order, fault, "create-agent", host) {
      long serverCreatesBefore;
      int failed;

      @Override
      void prepare() {
        dataCentre.server(host).ifPresent(s -> dataCentre.delete(host));
        dataCentre.forget(host);
        created.add(host);
        serverCreatesBefore = serverCreates(host);
      }

      @Override
      void injectAndStart() {
        faultsOf(service).inject(Faults.scoped(operation, host), new Faults.StallBody(stall), 1);
        instanceId = startRunbook(runbook, Map.of("hostname", host, "purpose", "release-validation"));
      }

      @Override
      void awaitStop() {
        // Until the step has passed (the rest of the runbook is awaited with the other rows). The
        // called provision-vm by its key: once create-agent calls verify-host too, the history lists
        // both in no set order.
        String provision = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> operator2().get("/history/process-instance?superProcessInstanceId=" + instanceId
                    + "&processDefinitionKey=provision-vm").getBody()
                .findValuesAsText("id").stream().findFirst().orElse(null), id -> id != null);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> passed(provision, stepId));
        JsonNode failures = operator2().get("/history/job-log?processInstanceId=" + provision + "&failureLog=true").getBody();
        assertThat(failures.findValuesAsText("activityId")).as("%s: the failed executions", fault).containsOnly(stepId);
        failed = failures.size();
        assertThat(failed).as("%s: one lost answer, one failed execution", fault).isEqualTo(1);
        assertThat(operator2().get("/incident?processInstanceId=" + provision).getBody()).isEmpty();
        stop = new Stop("completed", stepId, null, String.valueOf(failed));
      }

      @Override
      void recover() {
        recovery = "none: the retry cycle absorbed it, and the retry took what the lost answer had created";
      }

      @Override
      void clear() {
        faultsOf(service).clear(Faults.scoped(operation, host));
      }

      @Override
      String expectedEnd() {
        return "end_event_agent_created";
      }

      @Override
      String step() {
        return "`" + stepId + "` of the called `provision-vm`";
      }

      @Override
      String behaviour() {
        return "failed " + failed + " time (no answer within the request timeout), retried by the retry cycle, succeeded;"
            + " no incident, no operator";
      }

      @Override
      String extraOutcome() {
        long posts = service.equals("Foreman")
            ? foreman.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/hosts") && r.body().contains(host + ".")).count()
            : certmgr.requests().stream().filter(r -> r.method().equals("POST") && r.body().contains(host + ".")).count();
        assertThat(posts).as("%s received the change once: the retry took what the lost answer created", service).isEqualTo(1);
        return "; " + service + " received 1 create request, the retry sent none; " + sideEffectsOnce(runbook, host, serverCreatesBefore);
      }
    };
  }

  private Faults faultsOf(String service) {
    return service.equals("Foreman") ? foreman.faults() : certmgr.faults();
  }

  /** The instance and the instances it called, still running. */
  private List<String> instanceTree(String instanceId) {
    List<String> tree = new ArrayList<>(List.of(instanceId));
    for (int i = 0; i < tree.size(); i++) {
      for (JsonNode sub : operator2().get("/process-instance?superProcessInstance=" + tree.get(i)).getBody()) {
        tree.add(sub.path("id").asText());
      }
    }
    return tree;
  }

  private long serverCreates(String host) {
    return openStack.requests("POST", ".*/servers").stream()
        .filter(r -> host.equals(r.body().path("server").path("name").asText())).count();
  }

  /**
   * Each side effect of the runbook applied once, the retried step's included: asserted, and said
   * for the table.
   */
  private String sideEffectsOnce(String runbook, String host, long serverCreatesBefore) {
    int registered = foreman.sideEffects().count("foreman.hosts.create", host);
    int foremanDeleted = foreman.sideEffects().count("foreman.hosts.destroy", host);
    int staged = certmgr.sideEffects().count("certmgr.staged.create", host);
    int rogerWrites = roger.sideEffects().count("roger.state.create", host) + roger.sideEffects().count("roger.state.update", host);
    String rogerState = roger.state(host + ".cern.ch").map(SimulatedRoger.State::appstate).orElse("none");
    switch (runbook) {
      case "create-agent" -> {
        long created = serverCreates(host) - serverCreatesBefore;
        assertThat(created).as("Nova servers created for %s", host).isEqualTo(1);
        assertThat(registered).as("Foreman hosts registered for %s", host).isEqualTo(1);
        assertThat(staged).as("Certmgr stagings of %s", host).isEqualTo(1);
        assertThat(rogerWrites).as("Roger writes for %s: build, then production", host).isEqualTo(2);
        assertThat(rogerState).isEqualTo("production");
        return "once each: 1 Nova server, 1 Foreman host, 1 Certmgr staging, 2 Roger writes (build, production)";
      }
      case "rebuild-agent" -> {
        String id = dataCentre.server(host).orElseThrow().id();
        long rebuilds = openStack.requests("POST", ".*/servers/" + id + "/action").stream().filter(r -> r.body().has("rebuild")).count();
        assertThat(rebuilds).as("Nova rebuilds of %s", host).isEqualTo(1);
        assertThat(registered).as("rebuild-agent registers nothing in Foreman").isZero();
        assertThat(staged).as("Certmgr stagings of %s", host).isEqualTo(1);
        assertThat(rogerWrites).as("Roger writes for %s: build", host).isEqualTo(1);
        assertThat(rogerState).isEqualTo("build");
        return "once each: 1 Nova rebuild, 1 Certmgr staging, 1 Roger write (build, alarms off); Foreman only read";
      }
      default -> {
        long deletes = openStack.requests("DELETE", ".*/servers/" + serverIds.get(host)).size();
        assertThat(deletes).as("Nova deletes of %s", host).isEqualTo(1);
        assertThat(rogerWrites).as("Roger writes for %s: disabled", host).isEqualTo(1);
        assertThat(rogerState).isEqualTo("disabled");
        assertThat(foremanDeleted).as("Foreman deletes of %s", host).isEqualTo(1);
        assertThat(foreman.host(host)).isEmpty();
        assertThat(staged).as("delete-vm never calls Certmgr").isZero();
        return "once each: 1 Nova delete, 1 Roger write (disabled, alarms off), 1 Foreman delete";
      }
    }
  }

  /** The machine is re-imaged behind the runbooks' back: it presents a key known_hosts lacks. */
  private Row hostKeyChangedRow(int order, String host) {
    return new Row(order, "Host key changed (the machine presents a key known_hosts does not hold)", "verify-host", host) {
      @Override
      void injectAndStart() {
        SimulatedServer server = dataCentre.server(host).orElseThrow();
        dataCentre.certificateStagings().stage(host, "faults-it", dataCentre.now());
        server.rebuild(Duration.ofSeconds(1), dataCentre.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(server.status(dataCentre.now())));
        instanceId = startRunbook("verify-host", Map.of("hostname", host, "project", PROJECT, "hostKeyChange", "unchanged"));
      }

      @Override
      void recover() {
        // What the operator does by hand after checking the console: known_hosts gets the new key.
        knownHosts.replaceHostKey(host, hosts.hostKeyFingerprint(host));
        super.recover();
        recovery = "compare the key with the VM's console, replace the known_hosts entry by hand, then complete `"
            + stop.activityId() + "` with `decision=check-again`";
      }

      @Override
      void clear() {}
    }.decision(Map.of("decision", "check-again", "verifyNotes", "console shows the new key; known_hosts updated"));
  }

  /**
   * verify-master on {@code master} (read-only): the fault makes {@code item} fail in the
   * checklist the operator reads; after the fault is cleared the next checklist passes it.
   */
  private Row checklistRow(int order, String fault, String item, Runnable inject, Runnable clear) {
    return checklistRow(order, fault, item, "alimesos02", inject, clear);
  }

  private Row checklistRow(int order, String fault, String item, String master, Runnable inject, Runnable clear) {
    return new Row(order, fault, "verify-master", null) {
      String seenFailing;
      String secondInstance;

      @Override
      void injectAndStart() {
        inject.run();
        instanceId = startRunbook("verify-master", Map.of("hostname", master));
      }

      @Override
      void awaitStop() {
        super.awaitStop();
        assertThat(stop.kind()).isEqualTo("task");
        JsonNode failing = checkItem(instanceId, item);
        assertThat(failing.get("pass").asBoolean()).as("%s", failing).isFalse();
        seenFailing = failing.path("detail").asText();
      }

      @Override
      void recover() {
        clear.run();
        completeTask(stop.id(), Map.of("reportNotes", "faults-it: " + fault));
        awaitEnd(instanceId);
        secondInstance = startRunbook("verify-master", Map.of("hostname", master));
        Stop second = awaitStopOf(secondInstance);
        assertThat(second.kind()).isEqualTo("task");
        JsonNode passing = checkItem(secondInstance, item);
        assertThat(passing.get("pass").asBoolean()).as("%s", passing).isTrue();
        completeTask(second.id(), Map.of("reportNotes", "faults-it: checked again after the fault"));
        recovery = "clear the cause, complete `" + stop.activityId() + "` (notes), start `verify-master` again: the item passes";
      }

      @Override
      void clear() {
        clear.run();
      }

      @Override
      String expectedEnd() {
        return "end_event_master_checked";
      }

      @Override
      String step() {
        return "checklist item \"" + item + "\" on " + master;
      }

      @Override
      String behaviour() {
        return "item FAIL in the checklist at `" + stop.activityId() + "` (no retry, no incident): " + quote(seenFailing);
      }

      @Override
      void awaitCompleted() {
        assertThat(awaitEnd(secondInstance)).isEqualTo(expectedEnd());
        super.awaitCompleted();
      }
    };
  }

  // --- Fixtures -----------------------------------------------------------------------------

  /**
   * An agent of this class: created unless it exists (a kept sandbox world), re-imaged with a
   * Certmgr staging (so it holds a Puppet certificate) and its new key put into known_hosts.
   */
  private void prepareAgent(String host) {
    SimulatedServer server = dataCentre.server(host).filter(s -> !s.isDeleted()).orElse(null);
    if (server == null) {
      dataCentre.forget(host);
      server = dataCentre.add(host, SimulatedServer.Role.AGENT, "cern-geneva-b", PROJECT, "ACTIVE");
    }
    created.add(host);
    server.failNextPuppetRuns(0);
    server.setSshReachable(true);
    dataCentre.certificateStagings().stage(host, "faults-it", dataCentre.now());
    server.rebuild(Duration.ofSeconds(1), dataCentre.now());
    SimulatedServer ready = server;
    await().atMost(Duration.ofSeconds(30)).until(() -> "ACTIVE".equals(ready.status(dataCentre.now())));
    knownHosts.replaceHostKey(host, hosts.hostKeyFingerprint(host));
  }

  private EngineRest operator1() {
    return new EngineRest(rest, "operator1", SandboxTest.OPERATOR1_PASSWORD);
  }

  private EngineRest operator2() {
    return new EngineRest(rest, "operator2", SandboxTest.OPERATOR2_PASSWORD);
  }

  private String startRunbook(String key, Map<String, String> variables) {
    ResponseEntity<JsonNode> started = operator1().start(key, variables);
    for (int attempt = 1; attempt < 4 && startCheckGaveUp(started); attempt++) {
      // The start check's OpenStack look-up has a short deadline (start-check-timeout, 5 s) that a
      // loaded machine can miss; the refusal leaves no instance, so start again as an operator would.
      started = operator1().start(key, variables);
    }
    assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
    return started.getBody().get("id").asText();
  }

  private static boolean startCheckGaveUp(ResponseEntity<JsonNode> started) {
    return started.getStatusCode().isError() && started.getBody() != null
        && started.getBody().path("message").asText().contains("(runbooks.openstack.start-check-timeout); given up");
  }

  /** The first of: an incident, an open task, or the end (with the failed job runs it took). */
  private Stop awaitStopOf(String instanceId) {
    Stop[] seen = new Stop[1];
    await()
        .pollInterval(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(150))
        .until(() -> (seen[0] = stopOf(instanceId)) != null);
    return seen[0];
  }

  private Stop stopOf(String instanceId) {
    JsonNode incidents = operator2().get("/incident?processInstanceId=" + instanceId).getBody();
    if (incidents.size() > 0) {
      JsonNode incident = incidents.get(0);
      return new Stop("incident", incident.get("activityId").asText(), incident.get("configuration").asText(),
          incident.path("incidentMessage").asText(""));
    }
    JsonNode tasks = operator2().get("/task?processInstanceId=" + instanceId).getBody();
    if (tasks.size() > 0) {
      JsonNode task = tasks.get(0);
      return new Stop("task", task.get("taskDefinitionKey").asText(), task.get("id").asText(), problemOf(instanceId));
    }
    // verify-host called by reboot-server: its own tasks and incidents belong to the sub-instance.
    JsonNode state = operator2().get("/history/process-instance/" + instanceId).getBody();
    if ("COMPLETED".equals(state.path("state").asText())) {
      JsonNode failures = operator2().get("/history/job-log?processInstanceId=" + instanceId + "&failureLog=true").getBody();
      String step = failures.size() > 0 ? failures.get(0).get("activityId").asText() : "-";
      return new Stop("completed", step, null, String.valueOf(failures.size()));
    }
    return null;
  }

  /** What the runbook tells the operator at its task: the refusal or problem variable it set. */
  private String problemOf(String instanceId) {
    for (String name : List.of("stepRefusal", "hostKeyProblem", "serverFault", "puppetLastOutput")) {
      JsonNode values = operator2().get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=" + name).getBody();
      if (values.size() > 0 && !values.get(0).path("value").isNull() && !values.get(0).path("value").asText().isBlank()) {
        String text = values.get(0).get("value").asText().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return name + " = " + text;
      }
    }
    return "";
  }

  private int failures(String jobId) {
    return operator2().get("/history/job-log?jobId=" + jobId + "&failureLog=true").getBody().size();
  }

  private void completeTask(String taskId, Map<String, String> values) {
    EngineRest operator = operator2();
    operator.post("/task/" + taskId + "/claim", Map.of("userId", "operator2"));
    Map<String, Object> typed = new LinkedHashMap<>();
    values.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    ResponseEntity<JsonNode> completed = operator.post("/task/" + taskId + "/complete", Map.of("variables", typed));
    assertThat(completed.getStatusCode().is2xxSuccessful()).as("%s", completed.getBody()).isTrue();
  }

  /** Waits until the instance completed; the end event it reached. */
  private String awaitEnd(String instanceId) {
    await()
        .pollInterval(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(150))
        .untilAsserted(() -> assertThat(operator2().get("/history/process-instance/" + instanceId).getBody().get("state").asText())
            .as("instance %s; incidents %s", instanceId, operator2().get("/incident?processInstanceId=" + instanceId).getBody())
            .isEqualTo("COMPLETED"));
    JsonNode ends = operator2().get("/history/activity-instance?processInstanceId=" + instanceId + "&activityType=noneEndEvent").getBody();
    // The process's own end event (its parent is the instance), not one of a sub-process.
    for (JsonNode end : ends) {
      if (instanceId.equals(end.path("parentActivityInstanceId").asText())) {
        return end.get("activityId").asText();
      }
    }
    return "?";
  }

  private boolean passed(String instanceId, String activityId) {
    return operator2().get("/history/activity-instance?processInstanceId=" + instanceId + "&activityId=" + activityId + "&finished=true")
        .getBody().size() > 0;
  }

  private JsonNode checkItem(String instanceId, String item) {
    JsonNode values = operator2().get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=checkReport").getBody();
    try {
      for (JsonNode i : JSON.readTree(values.get(0).get("value").asText())) {
        if (i.get("name").asText().equals(item)) {
          return i;
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no item " + item + " in " + values);
  }

  private ResponseEntity<JsonNode> put(String path, Object body) {
    return put(new String[] {"operator2", SandboxTest.OPERATOR2_PASSWORD}, path, body);
  }

  private static String[] operator1Credentials() {
    return new String[] {"operator1", SandboxTest.OPERATOR1_PASSWORD};
  }

  private ResponseEntity<JsonNode> put(String[] credentials, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBasicAuth(credentials[0], credentials[1]);
    return rest.exchange("/engine-rest" + path, HttpMethod.PUT, new HttpEntity<>(body, headers), JsonNode.class);
  }

  private static String quote(String text) {
    String line = text.replace("|", "\\|").replace("\n", " ").strip();
    return "\"" + (line.length() > 160 ? line.substring(0, 157) + "..." : line) + "\"";
  }

  @AfterEach
  void removeTheMachinesOfThisTest() {
    for (String host : created) {
      foreman.forgetHostWithServer(host);
      dataCentre.delete(host);
      dataCentre.forget(host);
    }
    created.clear();
  }

  @AfterAll
  static void writeTable() throws IOException {
    List<Observation> rows = new ArrayList<>(OBSERVED);
    rows.sort(Comparator.comparingInt(Observation::order));
    StringBuilder table = new StringBuilder();
    table.append("| fault | runbook, step that meets it | what the engine does | how an operator recovers | observed outcome |\n");
    table.append("| --- | --- | --- | --- | --- |\n");
    for (Observation o : rows) {
      table.append("| ").append(o.fault()).append(" | `").append(o.runbook()).append("`, ").append(o.step())
          .append(" | ").append(o.behaviour()).append(" | ").append(o.recovery()).append(" | ").append(o.outcome()).append(" |\n");
    }
    Files.createDirectories(TABLE.getParent());
    Files.writeString(TABLE, table);
  }
}
