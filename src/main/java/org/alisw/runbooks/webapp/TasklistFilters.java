package org.alisw.runbooks.webapp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.security.OperatorTaskFilters;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' Tasklist filters, made to match configuration at every start (issue 15):
 *
 * <ul>
 *   <li><b>Approvals waiting for me</b>: the approval tasks ({@code runbook.approval}) in which the
 *       current user is involved ({@code ${currentUser()}}). Camunda evaluates {@code
 *       currentUser()} only in a few criteria (assignee, owner, candidate user or group, involved
 *       user), none of which can say "not the initiator"; so each approval task names its possible
 *       approvers as candidate users when it is created: the members of its candidate group other
 *       than the operator who started the runbook ({@code approval.ApprovalCandidates}). The
 *       candidate group stays, and four-eyes stays enforced on claim, assignment and completion,
 *       so this only decides what the filter lists, not who may approve.
 *   <li><b>Reports and decisions</b> and <b>Reminders</b>: their user tasks by key.
 * </ul>
 *
 * <p>Each filter is recognised by a property of its own ({@code runbooksFilter}), not by its name,
 * so renaming one in configuration renames it instead of adding a second; duplicates (two nodes
 * without the start-up lock) are deleted. Owner: none; the identity bootstrap grants the operators
 * group READ on them ({@link OperatorTaskFilters}).
 */
public class TasklistFilters implements OperatorTaskFilters {

  /** The filter property that marks our filters, with the filter's role as value. */
  public static final String MARKER = "runbooksFilter";

  private static final Logger LOG = LoggerFactory.getLogger(TasklistFilters.class);

  private final TasklistFilterProperties properties;

  public TasklistFilters(TasklistFilterProperties properties) {
    this.properties = properties;
  }

  /** The role of each filter and how it looks, in the order Tasklist lists them. */
  private record Wanted(String role, TasklistFilterProperties.Definition definition, int priority, String description, boolean approvals) {}

  private List<Wanted> wanted() {
    return List.of(
        new Wanted("approvals", properties.approvals(), -30,
            "Four-eyes approvals of runbooks another operator started", true),
        new Wanted("reports-and-decisions", properties.reportsAndDecisions(), -20,
            "Reports to read and decisions to take in runbooks", false),
        new Wanted("reminders", properties.reminders(), -10,
            "Recurring chores, such as renewing the masters' backup registration", false));
  }

  @Override
  public List<String> ensureFilters(ProcessEngine engine) {
    FilterService filters = engine.getFilterService();
    Map<String, List<Filter>> ours = new LinkedHashMap<>();
    for (Filter filter : filters.createFilterQuery().filterResourceType("Task").orderByFilterId().asc().list()) {
      Object role = filter.getProperties() == null ? null : filter.getProperties().get(MARKER);
      if (role instanceof String name) {
        ours.computeIfAbsent(name, r -> new ArrayList<>()).add(filter);
      }
    }
    List<String> ids = new ArrayList<>();
    for (Wanted wanted : wanted()) {
      List<Filter> existing = ours.getOrDefault(wanted.role(), List.of());
      for (Filter duplicate : existing.subList(Math.min(1, existing.size()), existing.size())) {
        filters.deleteFilter(duplicate.getId());
        LOG.info("Deleted duplicate Tasklist filter '{}' ({})", duplicate.getName(), duplicate.getId());
      }
      Filter filter = existing.isEmpty() ? filters.newTaskFilter() : existing.get(0);
      filter.setName(wanted.definition().name());
      filter.setOwner(null);
      filter.setQuery(query(engine, wanted));
      filter.setProperties(properties(wanted));
      filters.saveFilter(filter);
      if (existing.isEmpty()) {
        LOG.info("Created Tasklist filter '{}'", wanted.definition().name());
      }
      ids.add(filter.getId());
    }
    return ids;
  }

  private static TaskQuery query(ProcessEngine engine, Wanted wanted) {
    // A key no task has when the list is empty: an empty list would be no criterion at all.
    String[] keys = wanted.definition().taskKeys().isEmpty()
        ? new String[] {"-no-task-listed-"}
        : wanted.definition().taskKeys().toArray(String[]::new);
    TaskQuery query = engine.getTaskService().createTaskQuery().taskDefinitionKeyIn(keys);
    if (wanted.approvals()) {
      query.taskInvolvedUserExpression("${currentUser()}");
    }
    return query;
  }

  private static Map<String, Object> properties(Wanted wanted) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(MARKER, wanted.role());
    map.put("description", wanted.description());
    map.put("priority", wanted.priority());
    map.put("refresh", true);
    map.put("variables", List.of(
        Map.of("name", "hostname", "label", "Server"),
        Map.of("name", "initiator", "label", "Requested by"),
        Map.of("name", "reason", "label", "Reason")));
    return map;
  }
}
