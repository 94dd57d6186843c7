package org.alisw.runbooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.alisw.runbooks.security.SecurityProperties.UserAccount;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only group's grants: everything Cockpit and Tasklist read, nothing that changes. */
class ReadOnlyGroupTest {

  private static final String OBSERVERS = SecurityProperties.DEFAULT_OBSERVERS_GROUP;

  @TempDir Path database;

  @Test
  void observersReadEverythingTheWebappsShow() {
    withEngine(engine -> {
      AuthorizationService a = engine.getAuthorizationService();
      assertThat(allowed(a, Permissions.ACCESS, Resources.APPLICATION, "cockpit")).isTrue();
      assertThat(allowed(a, Permissions.ACCESS, Resources.APPLICATION, "tasklist")).isTrue();
      assertThat(allowed(a, ProcessDefinitionPermissions.READ, Resources.PROCESS_DEFINITION, "reboot-server")).isTrue();
      assertThat(allowed(a, ProcessDefinitionPermissions.READ_INSTANCE, Resources.PROCESS_DEFINITION, "reboot-server")).isTrue();
      assertThat(allowed(a, ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, "reboot-server")).isTrue();
      assertThat(allowed(a, ProcessDefinitionPermissions.READ_TASK, Resources.PROCESS_DEFINITION, "reboot-server")).isTrue();
      assertThat(allowed(a, Permissions.READ, Resources.PROCESS_INSTANCE, "any-instance")).isTrue();
      assertThat(allowed(a, TaskPermissions.READ, Resources.TASK, "any-task")).isTrue();
      assertThat(allowed(a, Permissions.READ, Resources.DEPLOYMENT, "any-deployment")).isTrue();
    });
  }

  @Test
  void observersChangeNothing() {
    withEngine(engine -> {
      AuthorizationService a = engine.getAuthorizationService();
      List<Permission> definitionWrites = List.of(
          ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE,
          ProcessDefinitionPermissions.UPDATE_INSTANCE_VARIABLE, ProcessDefinitionPermissions.SUSPEND_INSTANCE,
          ProcessDefinitionPermissions.SUSPEND, ProcessDefinitionPermissions.RETRY_JOB, ProcessDefinitionPermissions.TASK_WORK,
          ProcessDefinitionPermissions.TASK_ASSIGN, ProcessDefinitionPermissions.UPDATE_TASK, ProcessDefinitionPermissions.DELETE_INSTANCE,
          ProcessDefinitionPermissions.MIGRATE_INSTANCE, ProcessDefinitionPermissions.DELETE);
      for (Permission write : definitionWrites) {
        assertThat(allowed(a, write, Resources.PROCESS_DEFINITION, "reboot-server")).as(write.getName()).isFalse();
      }
      assertThat(allowed(a, Permissions.CREATE, Resources.PROCESS_INSTANCE, null)).isFalse();
      assertThat(allowed(a, ProcessInstancePermissions.SUSPEND, Resources.PROCESS_INSTANCE, "any-instance")).isFalse();
      assertThat(allowed(a, Permissions.UPDATE, Resources.PROCESS_INSTANCE, "any-instance")).isFalse();
      assertThat(allowed(a, Permissions.DELETE, Resources.PROCESS_INSTANCE, "any-instance")).isFalse();
      assertThat(allowed(a, TaskPermissions.TASK_WORK, Resources.TASK, "any-task")).isFalse();
      assertThat(allowed(a, TaskPermissions.TASK_ASSIGN, Resources.TASK, "any-task")).isFalse();
      assertThat(allowed(a, TaskPermissions.UPDATE_VARIABLE, Resources.TASK, "any-task")).isFalse();
      assertThat(allowed(a, Permissions.CREATE, Resources.DEPLOYMENT, null)).isFalse();
      assertThat(allowed(a, Permissions.CREATE, Resources.AUTHORIZATION, null)).isFalse();
      assertThat(allowed(a, Permissions.CREATE, Resources.USER, null)).isFalse();
    });
  }

  /** A grant added by hand (Camunda Admin) is revoked at the next start, per-task ones included. */
  @Test
  void grantsAddedByHandAreRevokedAtTheNextStart() {
    withEngine(engine -> {
      AuthorizationService a = engine.getAuthorizationService();
      Authorization definitions = a.createAuthorizationQuery().groupIdIn(OBSERVERS)
          .resourceType(Resources.PROCESS_DEFINITION).resourceId("*").singleResult();
      definitions.addPermission(ProcessDefinitionPermissions.CREATE_INSTANCE);
      a.saveAuthorization(definitions);
      a.saveAuthorization(grant(a, Resources.TASK, "one-task", TaskPermissions.TASK_WORK));
      assertThat(allowed(a, TaskPermissions.TASK_WORK, Resources.TASK, "one-task")).isTrue();
    });
    withEngine(engine -> {
      AuthorizationService a = engine.getAuthorizationService();
      assertThat(allowed(a, ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, "reboot-server")).isFalse();
      assertThat(allowed(a, TaskPermissions.TASK_WORK, Resources.TASK, "one-task")).isFalse();
      assertThat(allowed(a, ProcessDefinitionPermissions.READ, Resources.PROCESS_DEFINITION, "reboot-server")).isTrue();
    });
  }

  @Test
  void anObserverCannotStartARunbookThroughTheEngine() {
    withEngine(engine -> {
      engine.getRepositoryService().createDeployment()
          .addModelInstance("noop.bpmn", org.camunda.bpm.model.bpmn.Bpmn.createExecutableProcess("noop")
              .camundaHistoryTimeToLive(1).startEvent().userTask().endEvent().done())
          .deploy();
      engine.getIdentityService().setAuthentication("observer1", List.of(OBSERVERS));
      try {
        assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey("noop"))
            .isInstanceOf(org.camunda.bpm.engine.AuthorizationException.class)
            .hasMessageContaining("observer1");
        assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("noop").count()).isOne();
      } finally {
        engine.getIdentityService().clearAuthentication();
      }
    });
  }

  @Test
  void theReadOnlyGroupMustDifferFromTheOperatorsGroup() {
    assertThatThrownBy(() -> new SecurityProperties(SecuredEngine.OPERATORS, SecuredEngine.ADMINS, List.of(), SecuredEngine.OPERATORS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runbooks.security.observers-group");
  }

  private static boolean allowed(AuthorizationService a, Permission permission, Resource resource, String id) {
    return id == null
        ? a.isUserAuthorized("observer1", List.of(OBSERVERS), permission, resource)
        : a.isUserAuthorized("observer1", List.of(OBSERVERS), permission, resource, id);
  }

  private static Authorization grant(AuthorizationService a, Resource resource, String id, Permission permission) {
    Authorization authorization = a.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(OBSERVERS);
    authorization.setResource(resource);
    authorization.setResourceId(id);
    authorization.addPermission(permission);
    return authorization;
  }

  private void withEngine(Consumer<ProcessEngine> check) {
    SecurityProperties config = new SecurityProperties(SecuredEngine.OPERATORS, SecuredEngine.ADMINS,
        List.of(new UserAccount("observer1", "pw", null, null, null, List.of(OBSERVERS))), OBSERVERS);
    ProcessEngine engine = SecuredEngine.build(
        "jdbc:h2:file:" + database.resolve("read-only").toAbsolutePath(), SecuredEngine.plugins(config, ""));
    try {
      check.accept(engine);
    } finally {
      engine.close();
    }
  }
}
