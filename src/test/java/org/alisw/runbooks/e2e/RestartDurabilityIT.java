package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.alisw.runbooks.RunbooksApplication;
import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.CloudServer;
import org.alisw.runbooks.openstack.ServerSpec;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The promise operators rely on: stop the engine in the middle of a runbook, start it again on the
 * same database, and the runbook carries on from its last wait state, each step done once. The
 * sandbox keeps its world too (runbooks.sandbox.data-directory), so a server created before the
 * restart is still there after it, with the same id and the same SSH host key. Both the database
 * and the world live in a fresh temporary directory of this test.
 */
class RestartDurabilityIT {

  @TempDir Path data;

  @Test
  void rebootRunbookInterruptedByARestartCompletesAfterIt() {
    String instanceId;
    try (ConfigurableApplicationContext first = startEngine()) {
      RuntimeService runtime = first.getBean(ProcessEngine.class).getRuntimeService();
      ProcessInstance instance =
          runtime.startProcessInstanceByKey(
              "reboot-server", Map.of("hostname", "alibuild08", "reason", "restart test"));
      instanceId = instance.getId();
      // The reboot is done and the runbook waits on its persisted poll timer: stop here.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> runtime.getActivityInstance(instanceId).getChildActivityInstances().length > 0
              && history(first).createHistoricActivityInstanceQuery()
                  .processInstanceId(instanceId).activityId("service_task_hard_reboot").finished().count() == 1);
    }

    try (ConfigurableApplicationContext second = startEngine()) {
      HistoryService history = history(second);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(instanceId).completed().count() == 1);

      assertThat(history.createHistoricActivityInstanceQuery()
              .processInstanceId(instanceId).activityId("service_task_hard_reboot").count())
          .as("the hard reboot ran exactly once across the restart")
          .isOne();
      assertThat(history.createHistoricActivityInstanceQuery()
              .processInstanceId(instanceId).activityId("end_event_server_rebooted").count())
          .isOne();
    }
  }

  @Test
  void aRunbookWaitingOnAServerCreatedBeforeTheRestartFindsItAfterIt() {
    String instanceId;
    String serverId;
    String hostKey;
    try (ConfigurableApplicationContext first = startEngine()) {
      CloudPort cloud = first.getBean(CloudPort.class);
      // Staged in Certmgr first, as ai-bs does: a machine that boots without a staging gets no
      // Puppet certificate, and the verify-host that ends reboot-server would never see puppet run.
      first.getBean(CertificateStaging.class).stage("alibuild21");
      // A server that exists only because this sandbox created it: not one of the seeded machines.
      CloudServer created =
          cloud.createServer(
              "release-testing",
              new ServerSpec("alibuild21", "m2.2xlarge", "cc7", null, "cern-geneva-b", null, null,
                  "alibuild/mesos/slave", "production", Map.of(), "restart-test-create"));
      serverId = created.id();
      await().atMost(Duration.ofSeconds(30)).until(
          () -> "ACTIVE".equals(cloud.server("release-testing", serverId).orElseThrow().status()));
      hostKey = first.getBean(SimulatedHosts.class).hostKeyFingerprint("alibuild21");
      RuntimeService runtime = first.getBean(ProcessEngine.class).getRuntimeService();
      instanceId =
          runtime.startProcessInstanceByKey(
                  "reboot-server", Map.of("hostname", "alibuild21", "reason", "restart test, created server"))
              .getId();
      // Rebooted, and waiting on its persisted poll timer for the server to come back: stop here.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> history(first).createHistoricActivityInstanceQuery()
              .processInstanceId(instanceId).activityId("service_task_hard_reboot").finished().count() == 1);
      assertThat(cloud.server("release-testing", serverId).orElseThrow().status()).isEqualTo("HARD_REBOOT");
    }

    try (ConfigurableApplicationContext second = startEngine()) {
      CloudServer kept = second.getBean(CloudPort.class).findServer("release-testing", "alibuild21").orElseThrow();
      assertThat(kept.id()).as("the same server, not a new one").isEqualTo(serverId);
      assertThat(second.getBean(SimulatedHosts.class).hostKeyFingerprint("alibuild21"))
          .as("the restarted sandbox host presents the key it presented before")
          .isEqualTo(hostKey);
      HistoryService history = history(second);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(instanceId).completed().count() == 1);
      assertThat(history.createHistoricActivityInstanceQuery()
              .processInstanceId(instanceId).activityId("end_event_server_rebooted").count())
          .as("the runbook found its server ACTIVE again after the restart")
          .isOne();
      assertThat(history.createHistoricActivityInstanceQuery()
              .processInstanceId(instanceId).activityId("service_task_hard_reboot").count())
          .isOne();
    }
  }

  private ConfigurableApplicationContext startEngine() {
    return new SpringApplicationBuilder(RunbooksApplication.class)
        .profiles("sandbox")
        // Command-line arguments, not .properties(...): default properties rank below
        // application.yaml, so server.port and the datasource would silently stay at 8080 and
        // ./data/runbooks.
        .run(
            "--server.port=0",
            // Engines register in a JVM-wide registry by name: closing one named "default" would
            // unregister the engine the other end-to-end tests' REST API uses.
            "--camunda.bpm.process-engine-name=restart-test",
            "--spring.datasource.url=jdbc:h2:file:" + data.resolve("runbooks").toAbsolutePath(),
            // The simulated world beside it, as ./data/sandbox sits beside ./data/runbooks.
            "--runbooks.sandbox.data-directory=" + data.resolve("sandbox").toAbsolutePath(),
            "--sandbox.accounts.admin-password=restart-admin",
            "--sandbox.accounts.operator1-password=restart-operator1",
            "--sandbox.accounts.operator2-password=restart-operator2",
            // Long enough that the first engine is stopped while the server is still rebooting.
            "--runbooks.sandbox.timings.hard-reboot=PT5S",
            "--runbooks.timings.status-poll-interval=PT2S",
            // The first start check of a fresh JVM context logs in to Keystone and loads openstack4j;
            // on a loaded 2-core CI machine that has taken more than the default 5 s.
            "--runbooks.openstack.start-check-timeout=PT30S",
            "--camunda.bpm.job-execution.max-wait=1000");
  }

  private static HistoryService history(ConfigurableApplicationContext context) {
    return context.getBean(ProcessEngine.class).getHistoryService();
  }
}
