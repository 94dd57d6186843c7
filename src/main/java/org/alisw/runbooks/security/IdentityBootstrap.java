package org.alisw.runbooks.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import java.util.Map;
import org.alisw.runbooks.security.SecurityProperties.UserAccount;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engine's users, groups, authorizations and Tasklist filter match the configuration at
 * every start: the operators group may start runbooks, see and work on their tasks and retry their
 * jobs, but not change a running runbook's variables or move its tokens (that would bypass the
 * checks and approvals the runbook makes); the admin group may do everything. Configured passwords win over stored ones, so rotating a
 * password is a configuration change (unlike the starter's {@code camunda.bpm.admin-user}, which
 * is only created when absent and keeps working alongside).
 */
class IdentityBootstrap extends AbstractProcessEnginePlugin {

  static final String TASK_FILTER_NAME = "Runbook tasks";

  private static final Logger LOG = LoggerFactory.getLogger(IdentityBootstrap.class);

  private static final List<Permission> OPERATOR_PROCESS_DEFINITION_PERMISSIONS =
      List.of(
          ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.CREATE_INSTANCE,
          ProcessDefinitionPermissions.READ_INSTANCE,
          ProcessDefinitionPermissions.RETRY_JOB,
          ProcessDefinitionPermissions.READ_TASK,
          ProcessDefinitionPermissions.TASK_WORK,
          ProcessDefinitionPermissions.TASK_ASSIGN,
          ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
          ProcessDefinitionPermissions.READ_TASK_VARIABLE,
          ProcessDefinitionPermissions.READ_HISTORY,
          ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);

  private final SecurityProperties properties;

  IdentityBootstrap(SecurityProperties properties) {
    this.properties = properties;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    AuthorizationService authorizations = engine.getAuthorizationService();
    ensureGroup(identity, properties.adminGroup(), "Runbook administrators", Groups.GROUP_TYPE_SYSTEM);
    ensureGroup(identity, properties.operatorsGroup(), "Runbook operators", Groups.GROUP_TYPE_WORKFLOW);
    grantAdminGroupEverything(authorizations);
    grantOperators(authorizations);
    grantOperatorsTaskFilter(engine, authorizations);
    properties.users().forEach(account -> ensureUser(identity, account));
  }

  private void ensureGroup(IdentityService identity, String id, String name, String type) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType(type);
      identity.saveGroup(group);
      LOG.info("Created group {}", id);
    }
  }

  private void grantAdminGroupEverything(AuthorizationService authorizations) {
    for (Resource resource : Resources.values()) {
      grant(authorizations, properties.adminGroup(), resource, ANY, List.of(Permissions.ALL));
    }
  }

  private void grantOperators(AuthorizationService authorizations) {
    String group = properties.operatorsGroup();
    grant(authorizations, group, Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS));
    grant(authorizations, group, Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS));
    grant(authorizations, group, Resources.PROCESS_DEFINITION, ANY, OPERATOR_PROCESS_DEFINITION_PERMISSIONS);
    grant(authorizations, group, Resources.PROCESS_INSTANCE, ANY,
        List.of(Permissions.CREATE, Permissions.READ));
    grant(authorizations, group, Resources.TASK, ANY,
        List.of(TaskPermissions.READ, TaskPermissions.TASK_WORK, TaskPermissions.TASK_ASSIGN,
            TaskPermissions.READ_VARIABLE, TaskPermissions.READ_HISTORY));
    grant(authorizations, group, Resources.DEPLOYMENT, ANY, List.of(Permissions.READ));
    grant(authorizations, group, Resources.HISTORIC_TASK, ANY,
        List.of(HistoricTaskPermissions.READ, HistoricTaskPermissions.READ_VARIABLE));
    grant(authorizations, group, Resources.HISTORIC_PROCESS_INSTANCE, ANY,
        List.of(HistoricProcessInstancePermissions.READ));
  }

  /** Tasklist lists no task to a user who can read no filter: one shared filter for operators. */
  private void grantOperatorsTaskFilter(ProcessEngine engine, AuthorizationService authorizations) {
    FilterService filters = engine.getFilterService();
    Filter filter = filters.createFilterQuery().filterName(TASK_FILTER_NAME).singleResult();
    if (filter == null) {
      filter = filters.newTaskFilter(TASK_FILTER_NAME);
      filter.setQuery(engine.getTaskService().createTaskQuery());
      // Tasklist shows these variables in the task list, so operators see which host a task is about.
      filter.setProperties(
          Map.of(
              "description", "Every open task of every runbook",
              "refresh", true,
              "variables",
              List.of(
                  Map.of("name", "hostname", "label", "Server"),
                  Map.of("name", "initiator", "label", "Requested by"))));
      filters.saveFilter(filter);
      LOG.info("Created Tasklist filter '{}'", TASK_FILTER_NAME);
    }
    grant(authorizations, properties.operatorsGroup(), Resources.FILTER, filter.getId(),
        List.of(Permissions.READ));
  }

  private void grant(
      AuthorizationService authorizations,
      String group,
      Resource resource,
      String resourceId,
      List<Permission> permissions) {
    Authorization authorization =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(AUTH_TYPE_GRANT)
            .groupIdIn(group)
            .resourceType(resource)
            .resourceId(resourceId)
            .singleResult();
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      authorization.setGroupId(group);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    }
    permissions.forEach(authorization::addPermission);
    authorizations.saveAuthorization(authorization);
  }

  private void ensureUser(IdentityService identity, UserAccount account) {
    User user = identity.createUserQuery().userId(account.id()).singleResult();
    boolean created = user == null;
    if (created) {
      user = identity.newUser(account.id());
    }
    // Set at every start rather than compared first: checkPassword with the old value would count
    // as a failed login and could lock the account.
    applyProfile(user, account);
    user.setPassword(account.password());
    identity.saveUser(user);
    if (created) {
      LOG.info("Created user {}", account.id());
    }
    for (String group : account.groups()) {
      if (identity.createUserQuery().userId(account.id()).memberOfGroup(group).count() == 0) {
        if (identity.createGroupQuery().groupId(group).count() == 0) {
          throw new IllegalStateException(
              "user " + account.id() + " is configured in group " + group + ", which does not exist");
        }
        identity.createMembership(account.id(), group);
      }
    }
  }

  private static void applyProfile(User user, UserAccount account) {
    user.setFirstName(account.firstName() != null ? account.firstName() : account.id());
    user.setLastName(account.lastName() != null ? account.lastName() : "");
    user.setEmail(account.email());
  }
}
