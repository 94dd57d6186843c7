package org.alisw.runbooks.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.alisw.runbooks.security.SecurityProperties.UserAccount;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engine's users, groups, authorizations and Tasklist filter match the configuration at
 * every start: the operators group may start runbooks, see and work on their tasks and retry their
 * jobs, but not change a running runbook's variables or move its tokens (that would bypass the
 * checks and approvals the runbook makes); the read-only group may read what Cockpit and
 * Tasklist show and change nothing ({@link OperatorGrants#readOnlyList}); the admin group may do
 * everything. Configured passwords
 * win over stored ones, so rotating a password is a configuration change. What configuration no
 * longer says is taken away: users no longer configured are locked out ({@link AccountLockout}),
 * memberships of the two groups follow each user's configured groups, and the operators' grants
 * equal {@link OperatorGrants} exactly. The starter's {@code camunda.bpm.admin-user} is left alone.
 *
 * <p>Several nodes may start together on one database: the bootstrap runs while holding {@link
 * StartupLock}, so one node bootstraps while the others wait, then find everything in place; should
 * a wait time out or a row turn up that another writer added, the whole idempotent bootstrap is
 * tried again. The Tasklist filter, whose name the database does not keep unique, is de-duplicated
 * rather than looked up as a single result.
 */
class IdentityBootstrap extends AbstractProcessEnginePlugin {

  static final String TASK_FILTER_NAME = "Runbook tasks";

  private static final Logger LOG = LoggerFactory.getLogger(IdentityBootstrap.class);
  private static final int ATTEMPTS = 3;

  private final SecurityProperties properties;
  private final String starterAdminUser;
  private final List<OperatorTaskFilters> operatorFilters;

  IdentityBootstrap(SecurityProperties properties, String starterAdminUser) {
    this(properties, starterAdminUser, List.of());
  }

  /** With further Tasklist filters the operators may read (issue 15: webapp.TasklistFilters). */
  IdentityBootstrap(SecurityProperties properties, String starterAdminUser, List<OperatorTaskFilters> operatorFilters) {
    this.properties = properties;
    this.starterAdminUser = starterAdminUser == null ? "" : starterAdminUser;
    this.operatorFilters = List.copyOf(operatorFilters);
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    for (int attempt = 1; ; attempt++) {
      // Each step below commits on its own, so the next step's queries see what it wrote.
      try (StartupLock lock =
          StartupLock.acquire(configuration.getDataSource(), configuration.getDatabaseTablePrefix())) {
        bootstrap(engine, configuration.getCommandExecutorTxRequired());
        return;
      } catch (ProcessEngineException | IllegalStateException e) {
        // A lock wait that timed out, or a row another node wrote first: every step is idempotent.
        if (attempt == ATTEMPTS) {
          throw e;
        }
        LOG.warn("Identity bootstrap attempt {} of {} failed ({}); trying again", attempt, ATTEMPTS, e.getMessage());
      }
    }
  }

  private void bootstrap(ProcessEngine engine, CommandExecutor step) {
    IdentityService identity = engine.getIdentityService();
    AuthorizationService authorizations = engine.getAuthorizationService();
    inStep(step, () -> {
      ensureGroup(identity, properties.adminGroup(), "Runbook administrators", Groups.GROUP_TYPE_SYSTEM);
      ensureGroup(identity, properties.operatorsGroup(), "Runbook operators", Groups.GROUP_TYPE_WORKFLOW);
      ensureGroup(identity, properties.observersGroup(), "Runbook observers (read-only)", Groups.GROUP_TYPE_WORKFLOW);
    });
    inStep(step, () -> grantAdminGroupEverything(authorizations));
    inStep(step, () -> ensureTaskFilter(engine));
    // A step of its own, so that it sees a filter another writer committed meanwhile.
    String filterId = step.execute(context -> keepOneTaskFilter(engine));
    List<String> operatorFilterIds = new ArrayList<>();
    for (OperatorTaskFilters filters : operatorFilters) {
      operatorFilterIds.addAll(step.execute(context -> filters.ensureFilters(engine)));
    }
    inStep(step, () -> new OperatorGrants(properties.operatorsGroup(), authorizations)
        .reconcile(OperatorGrants.of(properties.operatorsGroup(), filterId, operatorFilterIds)));
    inStep(step, () -> OperatorGrants.readOnly(properties.observersGroup(), authorizations)
        .reconcile(OperatorGrants.readOnlyList(properties.observersGroup(), filterId)));
    properties.users().forEach(account -> inStep(step, () -> ensureUser(identity, account)));
    inStep(step, () -> lockOutUnconfiguredUsers(identity, authorizations));
  }

  /** One step in its own transaction (engine calls inside it share that transaction). */
  private static void inStep(CommandExecutor step, Runnable work) {
    step.execute(context -> {
      work.run();
      return null;
    });
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
      Authorization authorization =
          authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
              .groupIdIn(properties.adminGroup()).resourceType(resource).resourceId(ANY).singleResult();
      if (authorization == null) {
        authorization = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
        authorization.setGroupId(properties.adminGroup());
        authorization.setResource(resource);
        authorization.setResourceId(ANY);
      }
      authorization.addPermission(Permissions.ALL);
      authorizations.saveAuthorization(authorization);
    }
  }

  /** Tasklist lists no task to a user who can read no filter: one shared filter for operators. */
  private void ensureTaskFilter(ProcessEngine engine) {
    if (engine.getFilterService().createFilterQuery().filterName(TASK_FILTER_NAME).count() == 0) {
      createTaskFilter(engine);
    }
  }

  /**
   * Names are not unique in the database: should there be several (two writers without the lock,
   * or an older version racing), the first by id stays and the others go.
   */
  private String keepOneTaskFilter(ProcessEngine engine) {
    FilterService filters = engine.getFilterService();
    List<Filter> existing =
        filters.createFilterQuery().filterName(TASK_FILTER_NAME).orderByFilterId().asc().list();
    for (Filter duplicate : existing.subList(1, existing.size())) {
      filters.deleteFilter(duplicate.getId());
      LOG.info("Deleted duplicate Tasklist filter '{}' ({})", TASK_FILTER_NAME, duplicate.getId());
    }
    return existing.get(0).getId();
  }

  private void createTaskFilter(ProcessEngine engine) {
    FilterService filters = engine.getFilterService();
    Filter filter = filters.newTaskFilter(TASK_FILTER_NAME);
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
    AccountLockout.clear(identity, account.id());
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
    leaveUnconfiguredManagedGroups(identity, account);
  }

  /** Taking a user out of a group in configuration takes them out of it in the engine. */
  private void leaveUnconfiguredManagedGroups(IdentityService identity, UserAccount account) {
    for (String managed : Set.of(properties.adminGroup(), properties.operatorsGroup(), properties.observersGroup())) {
      if (!account.groups().contains(managed)
          && identity.createUserQuery().userId(account.id()).memberOfGroup(managed).count() > 0) {
        identity.deleteMembership(account.id(), managed);
        LOG.info("Removed user {} from group {} (no longer configured)", account.id(), managed);
      }
    }
  }

  private void lockOutUnconfiguredUsers(IdentityService identity, AuthorizationService authorizations) {
    Set<String> configured =
        properties.users().stream().map(UserAccount::id).collect(Collectors.toSet());
    AccountLockout lockout = new AccountLockout(identity, authorizations);
    for (User user : identity.createUserQuery().list()) {
      if (!configured.contains(user.getId()) && !user.getId().equals(starterAdminUser)) {
        lockout.lockOut(user);
      }
    }
  }

  private static void applyProfile(User user, UserAccount account) {
    user.setFirstName(account.firstName() != null ? account.firstName() : account.id());
    user.setLastName(account.lastName() != null ? account.lastName() : "");
    user.setEmail(account.email());
  }
}
