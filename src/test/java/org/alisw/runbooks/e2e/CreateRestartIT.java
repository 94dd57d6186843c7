package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.RunbooksApplication;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.openstack.SimulatedCinder;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A create interrupted by an engine restart: create-agent (a build machine, so with its volume) is
 * started over REST, the whole application is stopped while provision-vm waits for the boot, and
 * started again on the same database and the same sandbox world. The runbook must finish at its
 * normal end with exactly one server and one volume: Nova and Cinder each received one create in
 * the first run and none in the second (the simulators' request logs are not kept across a
 * restart, so each run's log is counted, and the world is counted after both). Both the database
 * and the world live in a fresh temporary directory of this test.
 */
class CreateRestartIT {

  private static final String AGENT = "alibuild17";
  private static final String OPERATOR1_PASSWORD = "create-restart-operator1";
  /**
   * Engines register in a JVM-wide registry by name (camunda ignores a name with a hyphen and
   * uses "default"): closing an engine named "default" would unregister the one the shared
   * end-to-end context's REST API serves. This engine has its own name and is addressed over REST
   * as /engine-rest/engine/NAME.
   */
  private static final String ENGINE = "createRestartTest";
  private static final String NOVA_CREATE = "/compute/v2.1/servers";
  private static final String CINDER_CREATE = "/volume/v3/.*/volumes";

  @TempDir Path data;

  @Test
  void aCreateInterruptedWhileWaitingForTheBootCompletesWithOneServerAndOneVolume() {
    String instanceId;
    String serverId;
    try (ConfigurableApplicationContext first = startEngine()) {
      ResponseEntity<JsonNode> started =
          operator1(first).start("create-agent", Map.of("hostname", AGENT, "purpose", "build"));
      assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
      instanceId = started.getBody().get("id").asText();

      // The server is booting (the sandbox takes 30 s) and provision-vm waits on its persisted
      // timer loop: stop the whole application here.
      HistoryService history = history(first);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> history.createHistoricActivityInstanceQuery().activityId("timer_wait_boot").unfinished().count() == 1);
      SimulatedServer booting = first.getBean(SimulatedDataCentre.class).server(AGENT).orElseThrow();
      serverId = booting.id();
      assertThat(booting.status(first.getBean(SimulatedDataCentre.class).now()))
          .as("stopped while the server is still booting")
          .isEqualTo("BUILD");
      OpenStackSimulator openStack = first.getBean(OpenStackSimulator.class);
      assertThat(openStack.requests("POST", NOVA_CREATE)).as("Nova creates before the restart").hasSize(1);
      assertThat(openStack.requests("POST", CINDER_CREATE)).as("Cinder creates before the restart").hasSize(1);
    }

    try (ConfigurableApplicationContext second = startEngine()) {
      HistoryService history = history(second);
      await()
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> history.createHistoricProcessInstanceQuery().processInstanceId(instanceId).finished().count() == 1);

      assertThat(history.createHistoricActivityInstanceQuery()
              .processInstanceId(instanceId).activityId("end_event_agent_created").count())
          .as("the runbook ended at its normal end; activities: %s", activities(history, instanceId))
          .isOne();

      OpenStackSimulator openStack = second.getBean(OpenStackSimulator.class);
      assertThat(openStack.requests("POST", NOVA_CREATE)).as("Nova creates after the restart").isEmpty();
      assertThat(openStack.requests("POST", CINDER_CREATE)).as("Cinder creates after the restart").isEmpty();

      List<SimulatedServer> servers =
          second.getBean(SimulatedDataCentre.class).servers().stream().filter(s -> s.name().equals(AGENT)).toList();
      assertThat(servers).as("one server named %s", AGENT).singleElement()
          .satisfies(s -> assertThat(s.id()).as("the server booted before the restart").isEqualTo(serverId));
      List<SimulatedCinder.Volume> volumes =
          openStack.cinder().volumes().stream().filter(v -> v.name().startsWith(AGENT + ".")).toList();
      assertThat(volumes).as("one volume named for %s", AGENT).singleElement()
          .satisfies(v -> {
            assertThat(v.name()).isEqualTo(AGENT + ".cern.ch_vol_001");
            assertThat(v.serverId()).as("attached to the one server").isEqualTo(serverId);
          });

      // Each side effect ran once across both runs (history is in the same database).
      for (String step : List.of("service_task_create_volume", "service_task_boot_server", "service_task_pull_builder_image")) {
        assertThat(history.createHistoricActivityInstanceQuery().activityId(step).finished().count())
            .as("%s ran once", step)
            .isOne();
      }
      JsonNode volumeId = variable(operator1(second), instanceId, "volumeId");
      assertThat(volumeId.asText()).isEqualTo(volumes.get(0).id());
    }
  }

  private ConfigurableApplicationContext startEngine() {
    return new SpringApplicationBuilder(RunbooksApplication.class)
        .profiles("sandbox")
        // Command-line arguments, not .properties(...): default properties rank below
        // application.yaml (see RestartDurabilityIT).
        .run(
            "--server.port=0",
            "--camunda.bpm.process-engine-name=" + ENGINE,
            "--spring.datasource.url=jdbc:h2:file:" + data.resolve("runbooks").toAbsolutePath(),
            "--runbooks.sandbox.data-directory=" + data.resolve("sandbox").toAbsolutePath(),
            "--sandbox.accounts.admin-password=create-restart-admin",
            "--sandbox.accounts.operator1-password=" + OPERATOR1_PASSWORD,
            "--sandbox.accounts.operator2-password=create-restart-operator2",
            // Long enough that the first engine is stopped while the new server is still in BUILD.
            "--runbooks.sandbox.timings.boot=PT30S",
            "--runbooks.timings.status-poll-interval=PT2S",
            "--runbooks.openstack.start-check-timeout=PT30S",
            "--camunda.bpm.job-execution.max-wait=1000");
  }

  private static EngineRest operator1(ConfigurableApplicationContext context) {
    String port = context.getEnvironment().getProperty("local.server.port");
    TestRestTemplate rest = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://127.0.0.1:" + port));
    return new EngineRest(rest, "operator1", OPERATOR1_PASSWORD, "/engine-rest/engine/" + ENGINE);
  }

  private static JsonNode variable(EngineRest rest, String instanceId, String name) {
    JsonNode values = rest.get("/history/variable-instance?processInstanceId=" + instanceId + "&variableName=" + name).getBody();
    assertThat(values).as("variable %s", name).isNotEmpty();
    return values.get(0).get("value");
  }

  private static List<String> activities(HistoryService history, String instanceId) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(instanceId).orderByHistoricActivityInstanceStartTime().asc()
        .list().stream().map(a -> a.getActivityId()).toList();
  }

  private static HistoryService history(ConfigurableApplicationContext context) {
    return context.getBean(ProcessEngine.class).getHistoryService();
  }
}
