package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.alisw.runbooks.RunbooksApplication;
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
 * same database, and the runbook carries on from its last wait state, each step done once.
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
            "--sandbox.accounts.admin-password=restart-admin",
            "--sandbox.accounts.operator1-password=restart-operator1",
            "--sandbox.accounts.operator2-password=restart-operator2",
            // Long enough that the first engine is stopped while the server is still rebooting.
            "--runbooks.sandbox.timings.hard-reboot=PT5S",
            "--runbooks.timings.status-poll-interval=PT2S",
            "--camunda.bpm.job-execution.max-wait=1000");
  }

  private static HistoryService history(ConfigurableApplicationContext context) {
    return context.getBean(ProcessEngine.class).getHistoryService();
  }
}
