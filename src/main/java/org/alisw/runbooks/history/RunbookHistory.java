package org.alisw.runbooks.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alisw.runbooks.history.RunbookRecords.Incident;
import org.alisw.runbooks.history.RunbookRecords.Outcome;
import org.alisw.runbooks.history.RunbookRecords.Page;
import org.alisw.runbooks.history.RunbookRecords.Person;
import org.alisw.runbooks.history.RunbookRecords.PuppetAttempt;
import org.alisw.runbooks.history.RunbookRecords.Record;
import org.alisw.runbooks.history.RunbookRecords.Step;
import org.alisw.runbooks.history.RunbookRecords.Summary;
import org.alisw.runbooks.runbook.RunbookOutcome;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * The record of runbooks, finished and running, read from the engine's history as the
 * authenticated user: every query runs under the engine's authorization checks, so a user sees
 * exactly the runbooks whose definition grants him READ_HISTORY (operators and the read-only
 * group do). Without an authenticated user it answers nothing.
 *
 * <p>Plain engine API only (no SQL of its own), so it serves both {@code /engine-rest} and the
 * Cockpit plugin, and moves to Operaton with its imports.
 */
public final class RunbookHistory {

  /** verify-host keeps one text variable per puppet run (docs/runbooks/verify-host.md). */
  private static final Pattern PUPPET_ATTEMPT = Pattern.compile("puppetAttempt([0-9]{1,4})");
  private static final String INPUT_PROPERTY = "runbook.input.";
  private static final String APPROVAL_PROPERTY = "runbook.approval";
  /** Called runbooks nest (rebuild-agents → rebuild-agents-host → rebuild-agent → rebuild-vm): a bound, not a limit met. */
  private static final int MAX_DEPTH = 6;
  private static final int MAX_STEPS = 5000;
  /** Texts kept in a record: a note or an output is shown whole up to this many characters. */
  private static final int MAX_TEXT = 8000;

  private final ProcessEngine engine;
  private final HistoryService history;

  public RunbookHistory(ProcessEngine engine) {
    this.engine = engine;
    this.history = engine.getHistoryService();
  }

  /** One page of runbooks matching {@code query}, newest first. */
  public Page list(HistoryQuery query) {
    requireAuthenticated();
    HistoricProcessInstanceQuery instances = history.createHistoricProcessInstanceQuery();
    if (query.key() != null) {
      instances.processDefinitionKey(query.key());
    }
    if (query.host() != null) {
      instances.variableValueEquals("hostname", query.host());
    }
    if (query.startedBy() != null) {
      instances.startedBy(query.startedBy());
    }
    if (query.state() != null) {
      switch (query.state()) {
        case "running" -> instances.unfinished();
        case "finished" -> instances.finished();
        case "completed" -> instances.completed();
        case "canceled" -> instances.externallyTerminated();
        default -> throw new HistoryRequestException("unknown state " + query.state());
      }
    }
    if (query.outcome() != null) {
      instances.finished().executedActivityIdIn(query.outcome());
    }
    if (query.from() != null) {
      instances.startedAfter(Date.from(query.from()));
    }
    if (query.to() != null) {
      instances.startedBefore(Date.from(query.to()));
    }
    if (!query.includeCalled()) {
      instances.rootProcessInstances();
    }
    long total = instances.count();
    List<HistoricProcessInstance> page =
        instances.orderByProcessInstanceStartTime().desc().listPage(query.firstResult(), query.maxResults());
    Map<String, String> hostnames = processVariable(page, "hostname");
    Map<String, String> reasons = processVariable(page, "reason");
    Map<String, String> initiators = processVariable(page, "initiator");
    List<Summary> summaries = new ArrayList<>();
    for (HistoricProcessInstance instance : page) {
      summaries.add(summary(instance, hostnames.get(instance.getId()), reasons.get(instance.getId()), initiators.get(instance.getId())));
    }
    return new Page(total, query.firstResult(), query.maxResults(), summaries);
  }

  /** Everything runbook {@code id} did, with the runbooks it called. */
  public Record record(String id) {
    requireAuthenticated();
    if (id == null || !id.matches("[A-Za-z0-9:._-]{1,64}")) {
      throw new HistoryRequestException("'" + id + "' is not a runbook id (a process instance id).");
    }
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
    if (instance == null) {
      throw new RunbookNotFoundException("No runbook " + id + " in the history you may read.");
    }
    return record(instance, 0, new HashMap<>());
  }

  private Record record(HistoricProcessInstance instance, int depth, Map<String, BpmnModelInstance> models) {
    String id = instance.getId();
    List<HistoricVariableInstance> variables =
        history.createHistoricVariableInstanceQuery().processInstanceId(id).disableCustomObjectDeserialization().list();
    Map<String, Object> processLevel = new HashMap<>();
    for (HistoricVariableInstance variable : variables) {
      if (id.equals(variable.getActivityInstanceId())) {
        processLevel.put(variable.getName(), variable.getValue());
      }
    }
    Summary summary = summary(instance, text(processLevel.get("hostname")), text(processLevel.get("reason")), text(processLevel.get("initiator")));

    List<HistoricActivityInstance> activities =
        history.createHistoricActivityInstanceQuery().processInstanceId(id)
            .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc()
            .listPage(0, MAX_STEPS);
    List<Step> steps = new ArrayList<>();
    Set<String> path = new LinkedHashSet<>();
    for (HistoricActivityInstance activity : activities) {
      steps.add(step(activity));
      path.add(activity.getActivityId());
    }

    List<Person> people = new ArrayList<>(people(instance, summary, variables, models));
    List<PuppetAttempt> puppet = new ArrayList<>(puppetAttempts(instance, summary, variables));
    List<Incident> incidents = new ArrayList<>(incidents(instance));
    List<Record> called = new ArrayList<>();
    if (depth < MAX_DEPTH) {
      for (HistoricProcessInstance child :
          history.createHistoricProcessInstanceQuery().superProcessInstanceId(id).orderByProcessInstanceStartTime().asc().list()) {
        Record childRecord = record(child, depth + 1, models);
        called.add(childRecord);
        people.addAll(childRecord.people());
        puppet.addAll(childRecord.puppetAttempts());
        incidents.addAll(childRecord.incidents());
      }
    }
    people.sort(Comparator.comparing(p -> p.time() == null ? "~" : p.time()));
    return new Record(summary, steps, List.copyOf(path), people, puppet, incidents, called);
  }

  private Summary summary(HistoricProcessInstance instance, String hostname, String reason, String initiator) {
    String startedBy = instance.getStartUserId() != null ? instance.getStartUserId() : initiator;
    return new Summary(
        instance.getId(),
        instance.getProcessDefinitionKey(),
        instance.getProcessDefinitionName(),
        instance.getProcessDefinitionVersion(),
        instance.getProcessDefinitionId(),
        instance.getBusinessKey(),
        instance.getState(),
        time(instance.getStartTime()),
        time(instance.getEndTime()),
        instance.getDurationInMillis(),
        startedBy,
        hostname,
        reason,
        instance.getEndTime() == null ? null : outcome(instance),
        instance.getSuperProcessInstanceId(),
        instance.getDeleteReason());
  }

  /** The end event that completed the runbook itself (not one of an embedded sub-process). */
  private Outcome outcome(HistoricProcessInstance instance) {
    for (HistoricActivityInstance end :
        history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).completeScope()
            .orderByHistoricActivityInstanceEndTime().desc().list()) {
      if (instance.getId().equals(end.getParentActivityInstanceId())) {
        return new Outcome(end.getActivityId(), end.getActivityName(), done(instance.getProcessDefinitionId(), end.getActivityId()));
      }
    }
    return null;
  }

  private Boolean done(String processDefinitionId, String endEventId) {
    BpmnModelInstance model = model(processDefinitionId);
    return model == null ? null : RunbookOutcome.done((BaseElement) model.getModelElementById(endEventId)).orElse(true);
  }

  private static Step step(HistoricActivityInstance activity) {
    String outcome = activity.getEndTime() == null ? "running" : activity.isCanceled() ? "canceled" : "completed";
    return new Step(
        activity.getActivityId(),
        activity.getActivityName(),
        activity.getActivityType(),
        time(activity.getStartTime()),
        time(activity.getEndTime()),
        activity.getDurationInMillis(),
        outcome,
        activity.getAssignee(),
        activity.getCalledProcessInstanceId());
  }

  /** Who started the runbook, then who worked on each of its user tasks and what they decided. */
  private List<Person> people(
      HistoricProcessInstance instance, Summary summary, List<HistoricVariableInstance> variables, Map<String, BpmnModelInstance> models) {
    List<Person> people = new ArrayList<>();
    if (instance.getSuperProcessInstanceId() == null && summary.startedBy() != null) {
      people.add(new Person("started", summary.startedBy(), instance.getId(), instance.getProcessDefinitionKey(), null, null,
          summary.startTime(), null, reasonOnly(summary)));
    }
    List<HistoricTaskInstance> tasks =
        history.createHistoricTaskInstanceQuery().processInstanceId(instance.getId()).orderByHistoricActivityInstanceStartTime().asc().list();
    if (tasks.isEmpty()) {
      return people;
    }
    Map<String, String> completedBy = new HashMap<>();
    for (UserOperationLogEntry entry :
        history.createUserOperationLogQuery().processInstanceId(instance.getId())
            .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list()) {
      if (entry.getTaskId() != null && entry.getUserId() != null) {
        completedBy.putIfAbsent(entry.getTaskId(), entry.getUserId());
      }
    }
    BpmnModelInstance model = models.computeIfAbsent(instance.getProcessDefinitionId(), this::model);
    for (HistoricTaskInstance task : tasks) {
      Map<String, String> properties = properties(model, task.getTaskDefinitionKey());
      Map<String, Object> inputs = new TreeMap<>();
      for (HistoricVariableInstance variable : variables) {
        boolean ofThisTask = task.getId().equals(variable.getTaskId())
            || (task.getActivityInstanceId() != null && task.getActivityInstanceId().equals(variable.getActivityInstanceId()));
        if (ofThisTask && properties.containsKey(INPUT_PROPERTY + variable.getName()) && variable.getValue() != null) {
          inputs.put(variable.getName(), plain(variable.getValue()));
        }
      }
      String user = completedBy.getOrDefault(task.getId(), task.getAssignee());
      String state = task.getEndTime() == null ? "open" : "completed".equals(task.getDeleteReason()) ? "completed" : "canceled";
      people.add(new Person(role(properties, task.getTaskDefinitionKey()), user, instance.getId(), instance.getProcessDefinitionKey(),
          task.getTaskDefinitionKey(), task.getName(), time(task.getEndTime() != null ? task.getEndTime() : task.getStartTime()),
          state, inputs));
    }
    return people;
  }

  /**
   * The diagram, to know a task's kind and whitelisted inputs; reading it needs READ on the
   * definition besides READ_HISTORY: without, the people are still listed, without their inputs.
   */
  private BpmnModelInstance model(String processDefinitionId) {
    try {
      return engine.getRepositoryService().getBpmnModelInstance(processDefinitionId);
    } catch (AuthorizationException e) {
      return null;
    }
  }

  private static Map<String, Object> reasonOnly(Summary summary) {
    Map<String, Object> inputs = new LinkedHashMap<>();
    if (summary.reason() != null) {
      inputs.put("reason", summary.reason());
    }
    return inputs;
  }

  private static String role(Map<String, String> properties, String activityId) {
    if (properties.containsKey(APPROVAL_PROPERTY)) {
      return "approver";
    }
    if (activityId != null && activityId.startsWith("user_task_discuss")) {
      return "discussant";
    }
    return "operator";
  }

  /** The {@code camunda:property} entries of a user task: its whitelisted inputs and its kind. */
  private static Map<String, String> properties(BpmnModelInstance model, String activityId) {
    Map<String, String> properties = new HashMap<>();
    if (model == null || activityId == null) {
      return properties;
    }
    if (model.getModelElementById(activityId) instanceof BaseElement element) {
      ExtensionElements extensions = element.getExtensionElements();
      if (extensions != null) {
        for (CamundaProperties list : extensions.getChildElementsByType(CamundaProperties.class)) {
          for (CamundaProperty property : list.getCamundaProperties()) {
            if (property.getCamundaName() != null) {
              properties.put(property.getCamundaName(), property.getCamundaValue());
            }
          }
        }
      }
    }
    return properties;
  }

  private static List<PuppetAttempt> puppetAttempts(
      HistoricProcessInstance instance, Summary summary, List<HistoricVariableInstance> variables) {
    Map<Integer, String> attempts = new TreeMap<>();
    for (HistoricVariableInstance variable : variables) {
      Matcher attempt = PUPPET_ATTEMPT.matcher(variable.getName());
      if (attempt.matches() && variable.getValue() != null) {
        attempts.put(Integer.parseInt(attempt.group(1)), shortened(variable.getValue().toString()));
      }
    }
    List<PuppetAttempt> result = new ArrayList<>();
    attempts.forEach((n, output) ->
        result.add(new PuppetAttempt(n, instance.getId(), instance.getProcessDefinitionKey(), summary.hostname(), output)));
    return result;
  }

  private List<Incident> incidents(HistoricProcessInstance instance) {
    List<Incident> incidents = new ArrayList<>();
    for (HistoricIncident incident :
        history.createHistoricIncidentQuery().processInstanceId(instance.getId()).orderByCreateTime().asc().list()) {
      String state = incident.isOpen() ? "open" : incident.isResolved() ? "resolved" : "deleted";
      incidents.add(new Incident(instance.getId(), instance.getProcessDefinitionKey(), incident.getActivityId(),
          incident.getIncidentType(), shortened(incident.getIncidentMessage()), time(incident.getCreateTime()),
          time(incident.getEndTime()), state));
    }
    return incidents;
  }

  /** Process-level values of one variable for a page of runbooks (one query per variable, not per runbook). */
  private Map<String, String> processVariable(List<HistoricProcessInstance> instances, String name) {
    Map<String, String> values = new HashMap<>();
    if (instances.isEmpty()) {
      return values;
    }
    String[] ids = instances.stream().map(HistoricProcessInstance::getId).toArray(String[]::new);
    for (HistoricVariableInstance variable :
        history.createHistoricVariableInstanceQuery().processInstanceIdIn(ids).variableName(name).disableCustomObjectDeserialization().list()) {
      if (variable.getProcessInstanceId().equals(variable.getActivityInstanceId())) {
        values.put(variable.getProcessInstanceId(), text(variable.getValue()));
      }
    }
    return values;
  }

  private void requireAuthenticated() {
    Authentication authentication = engine.getIdentityService().getCurrentAuthentication();
    if (authentication == null || authentication.getUserId() == null) {
      throw new HistoryAccessException("The runbook history is read as a known user: log in (or send HTTP basic credentials).");
    }
  }

  /** Strings, numbers and booleans as they are; anything else (JSON text values included) as text. */
  private static Object plain(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return shortened(value.toString());
  }

  private static String text(Object value) {
    return value == null ? null : shortened(value.toString());
  }

  private static String shortened(String value) {
    if (value == null || value.length() <= MAX_TEXT) {
      return value;
    }
    return value.substring(0, MAX_TEXT) + "…";
  }

  private static String time(Date date) {
    return date == null ? null : date.toInstant().toString();
  }
}
