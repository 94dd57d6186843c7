package org.alisw.runbooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.alisw.runbooks.security.SecurityProperties.UserAccount;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity follows configuration at every start, on a database that outlives the engine. */
class IdentityBootstrapTest {

  private static final String OPERATORS = SecuredEngine.OPERATORS;
  private static final String ADMINS = SecuredEngine.ADMINS;

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

  /** What configuration no longer lists is taken away at the next start. */
  @Test
  void restartWithoutAUserLocksItOutButKeepsItsName() {
    withEngine(config(operator("operator1", "pw1"), operator("operator2", "pw2")), engine -> {});
    withEngine(
        config(operator("operator1", "pw1")),
        engine -> {
          var identity = engine.getIdentityService();
          assertThat(identity.checkPassword("operator2", "pw2")).isFalse();
          assertThat(identity.createGroupQuery().groupMember("operator2").count()).isZero();
          assertThat(engine.getAuthorizationService().createAuthorizationQuery().userIdIn("operator2").count()).isZero();
          assertThat(identity.getUserInfo("operator2", AccountLockout.MARK)).isNotNull();
          assertThat(identity.createUserQuery().userId("operator2").singleResult().getFirstName()).isEqualTo("operator2");
          assertThat(identity.checkPassword("operator1", "pw1")).isTrue();
        });
  }

  @Test
  void restartWithALockedOutUserConfiguredAgainBringsItBack() {
    withEngine(config(operator("operator1", "pw1"), operator("operator2", "pw2")), engine -> {});
    withEngine(config(operator("operator1", "pw1")), engine -> {});
    withEngine(
        config(operator("operator1", "pw1"), operator("operator2", "pw2-new")),
        engine -> {
          var identity = engine.getIdentityService();
          assertThat(identity.checkPassword("operator2", "pw2-new")).isTrue();
          assertThat(identity.createUserQuery().userId("operator2").memberOfGroup(OPERATORS).count()).isOne();
          assertThat(identity.getUserInfo("operator2", AccountLockout.MARK)).isNull();
        });
  }

  /** camunda.bpm.admin-user is the starter's account, not ours: it is never locked out. */
  @Test
  void restartLeavesTheStartersAdminUserAlone() {
    withEngine(
        config(operator("operator1", "pw1")),
        "deployer",
        engine -> {
          var identity = engine.getIdentityService();
          var deployer = identity.newUser("deployer");
          deployer.setPassword("deployer-pw");
          identity.saveUser(deployer);
          identity.createMembership("deployer", ADMINS);
        });
    withEngine(
        config(operator("operator1", "pw1")),
        "deployer",
        engine -> {
          assertThat(engine.getIdentityService().checkPassword("deployer", "deployer-pw")).isTrue();
          assertThat(engine.getIdentityService().createUserQuery().userId("deployer").memberOfGroup(ADMINS).count()).isOne();
        });
  }

  @Test
  void restartRemovesAMembershipNoLongerConfigured() {
    withEngine(
        config(new UserAccount("operator1", "pw1", null, null, null, List.of(ADMINS, OPERATORS))), engine -> {});
    withEngine(
        config(operator("operator1", "pw1")),
        engine -> {
          var users = engine.getIdentityService().createUserQuery().userId("operator1");
          assertThat(users.memberOfGroup(ADMINS).count()).isZero();
          assertThat(engine.getIdentityService().createUserQuery().userId("operator1").memberOfGroup(OPERATORS).count()).isOne();
        });
  }

  /** A grant added by hand in Camunda Admin (or an older version of the list) does not survive. */
  @Test
  void restartRevokesGrantsToOperatorsBeyondTheCodesList() {
    SecurityProperties config = config(operator("operator1", "pw1"));
    withEngine(
        config,
        engine -> {
          var authorizations = engine.getAuthorizationService();
          var onDefinitions =
              authorizations.createAuthorizationQuery().groupIdIn(OPERATORS)
                  .resourceType(Resources.PROCESS_DEFINITION).resourceId("*").singleResult();
          onDefinitions.addPermission(ProcessDefinitionPermissions.UPDATE_INSTANCE_VARIABLE);
          authorizations.saveAuthorization(onDefinitions);
          var onUsers = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
          onUsers.setGroupId(OPERATORS);
          onUsers.setResource(Resources.USER);
          onUsers.setResourceId("*");
          onUsers.addPermission(Permissions.CREATE);
          authorizations.saveAuthorization(onUsers);
          assertThat(isOperatorAuthorized(engine, ProcessDefinitionPermissions.UPDATE_INSTANCE_VARIABLE, Resources.PROCESS_DEFINITION)).isTrue();
        });
    withEngine(
        config,
        engine -> {
          assertThat(isOperatorAuthorized(engine, ProcessDefinitionPermissions.UPDATE_INSTANCE_VARIABLE, Resources.PROCESS_DEFINITION)).isFalse();
          assertThat(isOperatorAuthorized(engine, Permissions.CREATE, Resources.USER)).isFalse();
          assertThat(isOperatorAuthorized(engine, ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION)).isTrue();
        });
  }

  /**
   * Two nodes starting together on a fresh database: without the start-up lock both created the
   * filter, and every later start failed on a name that was no longer unique.
   */
  @Test
  void twoNodesBootstrappingTogetherLeaveOneFilterAndTheNextStartSucceeds() throws Exception {
    // The schema exists (one node creates it, or an operator does); identity is still empty.
    SecuredEngine.build(url(), List.of()).close();
    SecurityProperties config = config(operator("operator1", "pw1"), operator("operator2", "pw2"));
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> started = new ArrayList<>();
      for (int node = 0; node < 2; node++) {
        started.add(nodes.submit(() -> startTogether(config, together)));
      }
      for (Future<?> node : started) {
        node.get(5, TimeUnit.MINUTES);
      }
    } finally {
      nodes.shutdownNow();
    }
    withEngine(
        config,
        engine -> {
          assertThat(engine.getFilterService().createFilterQuery().filterName(IdentityBootstrap.TASK_FILTER_NAME).count()).isOne();
          assertThat(engine.getIdentityService().createUserQuery().memberOfGroup(OPERATORS).count()).isEqualTo(2);
          assertThat(engine.getAuthorizationService().createAuthorizationQuery().groupIdIn(OPERATORS)
              .resourceType(Resources.PROCESS_DEFINITION).count()).isOne();
        });
  }

  private Void startTogether(SecurityProperties config, CyclicBarrier together) {
    List<ProcessEnginePlugin> plugins = new ArrayList<>();
    plugins.add(new AbstractProcessEnginePlugin() {
      @Override
      public void postProcessEngineBuild(ProcessEngine engine) {
        try {
          together.await(2, TimeUnit.MINUTES);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    plugins.addAll(SecuredEngine.plugins(config, ""));
    SecuredEngine.build(url(), plugins).close();
    return null;
  }

  private static boolean isOperatorAuthorized(ProcessEngine engine, Permission permission, Resource resource) {
    return engine.getAuthorizationService()
        .isUserAuthorized("operator1", List.of(OPERATORS), permission, resource, "reboot-server");
  }

  private static SecurityProperties config(UserAccount... users) {
    return SecuredEngine.config(users);
  }

  private static UserAccount operator(String id, String password) {
    return SecuredEngine.operator(id, password);
  }

  private String url() {
    // Both nodes of the concurrency test wait for the start-up lock longer than H2's default 1 s.
    return "jdbc:h2:file:" + database.resolve("identity").toAbsolutePath() + ";LOCK_TIMEOUT=60000";
  }

  private void withEngine(SecurityProperties config, Consumer<ProcessEngine> check) {
    withEngine(config, "", check);
  }

  private void withEngine(SecurityProperties config, String starterAdminUser, Consumer<ProcessEngine> check) {
    ProcessEngine engine = SecuredEngine.build(url(), SecuredEngine.plugins(config, starterAdminUser));
    try {
      check.accept(engine);
    } finally {
      engine.close();
    }
  }
}
