package org.alisw.runbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts a real engine on the same file database to prove what operators rely on: unchanged
 * runbooks are not redeployed, a changed one becomes exactly one new version.
 */
class RunbookDeployerTest {

  @TempDir Path processes;
  @TempDir Path database;

  @Test
  void restartWithUnchangedFilesCreatesNoNewDeployment() throws Exception {
    writeProcess("alpha.bpmn", "alpha", "First");
    writeProcess("beta.bpmn", "beta", "First");

    withEngine(engine -> assertThat(deployments(engine)).isOne());
    withEngine(
        engine -> {
          assertThat(deployments(engine)).isOne();
          assertThat(latestVersion(engine, "alpha")).isEqualTo(1);
          assertThat(latestVersion(engine, "beta")).isEqualTo(1);
        });
  }

  @Test
  void restartWithOneChangedFileCreatesExactlyOneNewVersionOfIt() throws Exception {
    writeProcess("alpha.bpmn", "alpha", "First");
    writeProcess("beta.bpmn", "beta", "First");
    withEngine(engine -> assertThat(deployments(engine)).isOne());

    writeProcess("alpha.bpmn", "alpha", "Second");
    withEngine(
        engine -> {
          assertThat(deployments(engine)).isEqualTo(2);
          assertThat(latestVersion(engine, "alpha")).isEqualTo(2);
          assertThat(latestVersion(engine, "beta")).isEqualTo(1);
          assertThat(definitionCount(engine)).isEqualTo(3);
        });
  }

  @Test
  void namesResourcesRelativeToTheProcessesFolder() throws Exception {
    writeProcess("alpha.bpmn", "alpha", "First");
    Files.createDirectories(processes.resolve("forms"));
    Files.writeString(processes.resolve("forms/alpha-start.form"), "{\"id\":\"alpha-start\",\"components\":[]}");
    Files.writeString(processes.resolve("notes.txt"), "not a runbook");

    withEngine(
        engine -> {
          RepositoryService repository = engine.getRepositoryService();
          String deploymentId = repository.createDeploymentQuery().singleResult().getId();
          assertThat(repository.getDeploymentResourceNames(deploymentId))
              .containsExactlyInAnyOrder("alpha.bpmn", "forms/alpha-start.form");
        });
  }

  @Test
  void refusesToStartWithoutTheProcessesFolder() {
    RunbookDeployer deployer = new RunbookDeployer(processes.resolve("missing"), "infra-runbooks");
    assertThatThrownBy(() -> deployer.postProcessEngineBuild(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runbooks.deployment.directory");
  }

  private void writeProcess(String file, String key, String taskName) throws Exception {
    String xml =
        Bpmn.convertToString(
            Bpmn.createExecutableProcess(key)
                .camundaHistoryTimeToLive(30)
                .startEvent()
                .userTask("user_task_" + key)
                .name(taskName)
                .endEvent()
                .done());
    Files.writeString(processes.resolve(file), xml);
  }

  /** Builds an engine on the same database file (a "restart"), runs the check, closes it. */
  private void withEngine(Consumer<ProcessEngine> check) {
    ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
    configuration
        .setJdbcUrl("jdbc:h2:file:" + database.resolve("engine").toAbsolutePath())
        .setDatabaseSchemaUpdate("true")
        .setJobExecutorActivate(false)
        .setProcessEngineName("deployer-test-" + System.nanoTime());
    configuration.setProcessEnginePlugins(List.of(new RunbookDeployer(processes, "infra-runbooks")));
    ProcessEngine engine = configuration.buildProcessEngine();
    try {
      check.accept(engine);
    } finally {
      engine.close();
    }
  }

  private static long deployments(ProcessEngine engine) {
    return engine.getRepositoryService().createDeploymentQuery().count();
  }

  private static long definitionCount(ProcessEngine engine) {
    return engine.getRepositoryService().createProcessDefinitionQuery().count();
  }

  private static int latestVersion(ProcessEngine engine, String key) {
    return engine
        .getRepositoryService()
        .createProcessDefinitionQuery()
        .processDefinitionKey(key)
        .latestVersion()
        .singleResult()
        .getVersion();
  }
}
