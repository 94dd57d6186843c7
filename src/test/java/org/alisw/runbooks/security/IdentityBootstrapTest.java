package org.alisw.runbooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.alisw.runbooks.security.SecurityProperties.UserAccount;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity follows configuration at every start, on a database that outlives the engine. */
class IdentityBootstrapTest {

  private static final String OPERATORS = "alice-agile-admin";

  @TempDir Path database;

  @Test
  void restartWithTheSameConfigurationChangesNothingAndFailsNothing() {
    SecurityProperties config = config(operator("operator1", "first-password"));
    withEngine(config, engine -> {});
    withEngine(
        config,
        engine -> {
          assertThat(engine.getIdentityService().checkPassword("operator1", "first-password")).isTrue();
          assertThat(engine.getFilterService().createFilterQuery().filterName(IdentityBootstrap.TASK_FILTER_NAME).count()).isOne();
        });
  }

  @Test
  void restartWithANewPasswordReplacesTheStoredOne() {
    withEngine(config(operator("operator1", "first-password")), engine -> {});
    withEngine(
        config(operator("operator1", "rotated-password")),
        engine -> {
          assertThat(engine.getIdentityService().checkPassword("operator1", "rotated-password")).isTrue();
          assertThat(engine.getIdentityService().checkPassword("operator1", "first-password")).isFalse();
        });
  }

  @Test
  void operatorsMayStartRunbooksAndReadTheirTasksButNotAdministerTheEngine() {
    withEngine(
        config(operator("operator1", "pw")),
        engine -> {
          var authorizations = engine.getAuthorizationService();
          List<String> groups = List.of(OPERATORS);
          assertThat(authorizations.isUserAuthorized("operator1", groups, ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, "reboot-server")).isTrue();
          assertThat(authorizations.isUserAuthorized("operator1", groups, ProcessDefinitionPermissions.RETRY_JOB, Resources.PROCESS_DEFINITION, "reboot-server")).isTrue();
          assertThat(authorizations.isUserAuthorized("operator1", groups, Permissions.CREATE, Resources.PROCESS_INSTANCE)).isTrue();
          assertThat(authorizations.isUserAuthorized("operator1", groups, ProcessDefinitionPermissions.DELETE, Resources.PROCESS_DEFINITION, "reboot-server")).isFalse();
          assertThat(authorizations.isUserAuthorized("operator1", groups, Permissions.CREATE, Resources.USER)).isFalse();
          assertThat(authorizations.isUserAuthorized("operator1", groups, Permissions.CREATE, Resources.DEPLOYMENT)).isFalse();
          assertThat(authorizations.isUserAuthorized("operator1", groups, TaskPermissions.TASK_WORK, Resources.TASK, "any-task")).isTrue();
        });
  }

  /** Changing a running runbook's variables or tokens would bypass its start checks and approvals. */
  @Test
  void operatorsMayNotTamperWithRunningRunbooks() {
    withEngine(
        config(operator("operator1", "pw")),
        engine -> {
          var authorizations = engine.getAuthorizationService();
          List<String> groups = List.of(OPERATORS);
          assertThat(authorizations.isUserAuthorized("operator1", groups, ProcessDefinitionPermissions.UPDATE_INSTANCE, Resources.PROCESS_DEFINITION, "reboot-server")).isFalse();
          assertThat(authorizations.isUserAuthorized("operator1", groups, ProcessDefinitionPermissions.UPDATE_INSTANCE_VARIABLE, Resources.PROCESS_DEFINITION, "reboot-server")).isFalse();
          assertThat(authorizations.isUserAuthorized("operator1", groups, ProcessDefinitionPermissions.UPDATE_TASK, Resources.PROCESS_DEFINITION, "reboot-server")).isFalse();
          assertThat(authorizations.isUserAuthorized("operator1", groups, Permissions.UPDATE, Resources.PROCESS_INSTANCE, "any-instance")).isFalse();
          assertThat(authorizations.isUserAuthorized("operator1", groups, TaskPermissions.UPDATE, Resources.TASK, "any-task")).isFalse();
        });
  }

  private static SecurityProperties config(UserAccount... users) {
    return new SecurityProperties(OPERATORS, "camunda-admin", List.of(users));
  }

  private static UserAccount operator(String id, String password) {
    return new UserAccount(id, password, null, null, null, List.of(OPERATORS));
  }

  private void withEngine(SecurityProperties config, Consumer<ProcessEngine> check) {
    ProcessEngineConfigurationImpl configuration = new StandaloneProcessEngineConfiguration();
    configuration
        .setJdbcUrl("jdbc:h2:file:" + database.resolve("identity").toAbsolutePath())
        .setDatabaseSchemaUpdate("true")
        .setJobExecutorActivate(false)
        .setProcessEngineName("identity-test-" + System.nanoTime());
    // Without authorization checks every isUserAuthorized answers true.
    configuration.setAuthorizationEnabled(true);
    configuration.setGeneralResourceWhitelistPattern("[a-zA-Z0-9][a-zA-Z0-9._-]*");
    configuration.setProcessEnginePlugins(List.of(new IdentityBootstrap(config, "")));
    ProcessEngine engine = configuration.buildProcessEngine();
    try {
      check.accept(engine);
    } finally {
      engine.close();
    }
  }
}
