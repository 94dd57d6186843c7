package org.alisw.runbooks.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly what the operators group is granted, and nothing more: grants added by hand (Camunda
 * Admin, REST) or left over from an earlier version of this list are revoked at start-up. The
 * engine's own per-task grants to candidates stay, trimmed to what the list allows on tasks.
 */
final class OperatorGrants {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorGrants.class);

  static final List<Permission> PROCESS_DEFINITION =
      List.of(
          ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.CREATE_INSTANCE,
          ProcessDefinitionPermissions.READ_INSTANCE,
          ProcessDefinitionPermissions.RETRY_JOB,
          // Pause and resume a runbook (docs/operations.md); not SUSPEND, which pauses the
          // definition itself, so new runbooks could not start.
          ProcessDefinitionPermissions.SUSPEND_INSTANCE,
          ProcessDefinitionPermissions.READ_TASK,
          ProcessDefinitionPermissions.TASK_WORK,
          ProcessDefinitionPermissions.TASK_ASSIGN,
          ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
          ProcessDefinitionPermissions.READ_TASK_VARIABLE,
          ProcessDefinitionPermissions.READ_HISTORY,
          ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);

  static final List<Permission> TASK =
      List.of(TaskPermissions.READ, TaskPermissions.TASK_WORK, TaskPermissions.TASK_ASSIGN,
          TaskPermissions.READ_VARIABLE, TaskPermissions.READ_HISTORY);

  private static final List<Permission> HISTORIC_TASK =
      List.of(HistoricTaskPermissions.READ, HistoricTaskPermissions.READ_VARIABLE);

  /** One row of the list: a resource (type and id) and the permissions on it. */
  record Grant(Resource resource, String resourceId, List<Permission> permissions) {
    String key() {
      return resource.resourceType() + "/" + resourceId;
    }
  }

  private final String group;
  private final AuthorizationService authorizations;
  /** Whether the engine's per-task grants to candidates stay (trimmed): not for a read-only group. */
  private final boolean keepsPerTaskGrants;

  OperatorGrants(String group, AuthorizationService authorizations) {
    this(group, authorizations, true);
  }

  private OperatorGrants(String group, AuthorizationService authorizations, boolean keepsPerTaskGrants) {
    this.group = group;
    this.authorizations = authorizations;
    this.keepsPerTaskGrants = keepsPerTaskGrants;
  }

  /**
   * The read-only group's grants are reconciled the same way, but a grant on one task (should the
   * group ever be made a candidate, or someone grant it by hand) is revoked, not trimmed: a
   * candidate may work on a task, an observer may not.
   */
  static OperatorGrants readOnly(String group, AuthorizationService authorizations) {
    return new OperatorGrants(group, authorizations, false);
  }

  /**
   * Everything the read-only group ({@code runbooks.security.observers-group}) is granted: READ
   * wherever Cockpit and Tasklist read (definitions, instances, tasks, their variables, history,
   * deployments, the shared task filter), and no permission that changes anything: no
   * CREATE_INSTANCE, TASK_WORK, TASK_ASSIGN, UPDATE, SUSPEND, RETRY_JOB or DELETE.
   */
  static List<Grant> readOnlyList(String group, String taskFilterId) {
    return List.of(
        new Grant(Resources.GROUP, group, List.of(Permissions.READ)),
        new Grant(Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)),
        new Grant(Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS)),
        new Grant(
            Resources.PROCESS_DEFINITION,
            ANY,
            List.of(
                ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE,
                ProcessDefinitionPermissions.READ_TASK,
                ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
                ProcessDefinitionPermissions.READ_TASK_VARIABLE,
                ProcessDefinitionPermissions.READ_HISTORY,
                ProcessDefinitionPermissions.READ_HISTORY_VARIABLE)),
        new Grant(Resources.PROCESS_INSTANCE, ANY, List.of(Permissions.READ)),
        new Grant(Resources.TASK, ANY, List.of(TaskPermissions.READ, TaskPermissions.READ_VARIABLE, TaskPermissions.READ_HISTORY)),
        new Grant(Resources.DEPLOYMENT, ANY, List.of(Permissions.READ)),
        new Grant(Resources.HISTORIC_TASK, ANY, HISTORIC_TASK),
        new Grant(Resources.HISTORIC_PROCESS_INSTANCE, ANY, List.of(HistoricProcessInstancePermissions.READ)),
        new Grant(Resources.FILTER, taskFilterId, List.of(Permissions.READ)));
  }

  /**
   * The whole list for {@code group}; {@code taskFilterId} is the shared Tasklist filter they may
   * read. Members reading their own group is what the engine grants when it creates a group.
   */
  static List<Grant> of(String group, String taskFilterId) {
    return of(group, taskFilterId, List.of());
  }

  /** As {@link #of(String, String)}, with READ on further filters ({@link OperatorTaskFilters}). */
  static List<Grant> of(String group, String taskFilterId, List<String> moreFilterIds) {
    List<Grant> grants = new ArrayList<>(base(group, taskFilterId));
    moreFilterIds.stream()
        .filter(id -> !id.equals(taskFilterId))
        .distinct()
        .forEach(id -> grants.add(new Grant(Resources.FILTER, id, List.of(Permissions.READ))));
    return List.copyOf(grants);
  }

  private static List<Grant> base(String group, String taskFilterId) {
    return List.of(
        new Grant(Resources.GROUP, group, List.of(Permissions.READ)),
        new Grant(Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS)),
        new Grant(Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)),
        new Grant(Resources.PROCESS_DEFINITION, ANY, PROCESS_DEFINITION),
        new Grant(
            Resources.PROCESS_INSTANCE,
            ANY,
            List.of(Permissions.CREATE, Permissions.READ, ProcessInstancePermissions.SUSPEND)),
        new Grant(Resources.TASK, ANY, TASK),
        new Grant(Resources.DEPLOYMENT, ANY, List.of(Permissions.READ)),
        new Grant(Resources.HISTORIC_TASK, ANY, HISTORIC_TASK),
        new Grant(Resources.HISTORIC_PROCESS_INSTANCE, ANY, List.of(HistoricProcessInstancePermissions.READ)),
        new Grant(Resources.FILTER, taskFilterId, List.of(Permissions.READ)));
  }

  /** Makes the group's grants equal {@code wanted}: missing ones added, extra ones revoked. */
  void reconcile(List<Grant> wanted) {
    Map<String, Grant> remaining = new LinkedHashMap<>();
    wanted.forEach(grant -> remaining.put(grant.key(), grant));
    for (Authorization existing : grantsOfGroup()) {
      Grant grant = remaining.remove(existing.getResourceType() + "/" + existing.getResourceId());
      if (grant != null) {
        existing.setPermissions(grant.permissions().toArray(Permission[]::new));
        authorizations.saveAuthorization(existing);
      } else if (keepsPerTaskGrants && isEnginePerTaskGrant(existing)) {
        trimToTaskList(existing);
      } else {
        LOG.warn("Revoked group {}'s grant on {} {} (not in the operators' list)",
            group, resourceName(existing.getResourceType()), existing.getResourceId());
        authorizations.deleteAuthorization(existing.getId());
      }
    }
    remaining.values().forEach(this::create);
  }

  private List<Authorization> grantsOfGroup() {
    return new ArrayList<>(
        authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(group).list());
  }

  /** The engine grants candidates of one task that task; those come and go with the task. */
  private static boolean isEnginePerTaskGrant(Authorization authorization) {
    return authorization.getResourceType() == Resources.TASK.resourceType()
        && !ANY.equals(authorization.getResourceId());
  }

  /** Tasks created before TASK_WORK became the default gave candidates UPDATE: take it back. */
  private void trimToTaskList(Authorization authorization) {
    Permission[] allowed = authorization.getPermissions(TASK.toArray(Permission[]::new));
    if (authorization.isEveryPermissionGranted()
        || authorization.isPermissionGranted(TaskPermissions.UPDATE)
        || authorization.isPermissionGranted(TaskPermissions.UPDATE_VARIABLE)
        || authorization.isPermissionGranted(TaskPermissions.DELETE)) {
      authorization.setPermissions(allowed);
      authorizations.saveAuthorization(authorization);
      LOG.info("Trimmed group {}'s grant on task {} to the operators' task permissions",
          group, authorization.getResourceId());
    }
  }

  private static String resourceName(int type) {
    for (Resources resource : Resources.values()) {
      if (resource.resourceType() == type) {
        return resource.resourceName();
      }
    }
    return "resource type " + type;
  }

  private void create(Grant grant) {
    Authorization authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(grant.resource());
    authorization.setResourceId(grant.resourceId());
    authorization.setPermissions(grant.permissions().toArray(Permission[]::new));
    authorizations.saveAuthorization(authorization);
  }
}
