package org.alisw.runbooks.runbook.story;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * What a story may tell about a task: the runbook's variables as the task sees them, and from the
 * history who started the runbook (and the runbook that called it) and the human steps done before,
 * with what was decided and written there.
 */
public final class StoryFacts {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Human steps looked up in the calling runbooks too, this many levels up. */
  private static final int CALLERS = 3;

  /** A human task finished earlier, in this runbook or a runbook that called it. */
  public record HumanStep(String runbook, String name, String doneBy, Date end, Map<String, String> inputs) {}

  /** How the runbook came to be: started by whom, when, and by which runbook if called. */
  public record Start(String startedBy, Date when, String calledBy) {}

  private final DelegateTask task;
  private final String processKey;

  StoryFacts(DelegateTask task, String processKey) {
    this.task = task;
    this.processKey = processKey;
  }

  /** The facts of a task being created. */
  static StoryFacts of(DelegateTask task) {
    String key = task.getProcessEngineServices().getRepositoryService()
        .getProcessDefinition(task.getProcessDefinitionId()).getKey();
    return new StoryFacts(task, key);
  }

  public String processKey() {
    return processKey;
  }

  public String taskKey() {
    return task.getTaskDefinitionKey();
  }

  public String taskName() {
    return task.getName();
  }

  /** A variable as trimmed text; null when absent or blank. */
  public String text(String variable) {
    Object value = task.getVariable(variable);
    return value == null || value.toString().isBlank() ? null : value.toString().strip();
  }

  /** A variable as a whole number, or {@code fallback}. */
  public long number(String variable, long fallback) {
    return task.getVariable(variable) instanceof Number n ? n.longValue() : fallback;
  }

  /** {@code prefix1}, {@code prefix2}, ... as long as they exist (e.g. the puppet attempts). */
  public List<String> numbered(String prefix) {
    List<String> values = new ArrayList<>();
    for (int i = 1; text(prefix + i) != null; i++) {
      values.add(text(prefix + i));
    }
    return values;
  }

  /** The first line of a text, or null. */
  public static String firstLine(String text) {
    return text == null ? null : text.strip().lines().findFirst().orElse(null);
  }

  /** The frozen plan ({@code plan}, JSON) as "key: value" items in its order, or empty. */
  public List<String> plan() {
    String plan = text("plan");
    if (plan == null) {
      return List.of();
    }
    try {
      Map<String, Object> entries = JSON.readValue(plan, new TypeReference<LinkedHashMap<String, Object>>() {});
      return entries.entrySet().stream().map(e -> words(e.getKey()) + ": " + plain(e.getValue())).toList();
    } catch (Exception notJson) {
      return List.of(plan);
    }
  }

  /** The moment as people read it, e.g. {@code 2026-12-03 12:01 UTC}. */
  public static String when(Date date) {
    return date == null ? "an unknown time" : WHEN.format(date.toInstant());
  }

  /** {@code discussionNotes} as "discussion notes". */
  public static String words(String camelCase) {
    return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase();
  }

  private static String plain(Object value) {
    if (value instanceof List<?> list) {
      return list.isEmpty() ? "none" : list.stream().map(StoryFacts::plain).collect(Collectors.joining(", "));
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> words(String.valueOf(e.getKey())) + " " + plain(e.getValue())).collect(Collectors.joining(", ", "(", ")"));
    }
    return String.valueOf(value);
  }

  /**
   * Who started this runbook, when, and which runbook called it (null when started by a person or a
   * timer). A runbook whose task is created in the transaction that started it is not in the
   * history yet: then it started now, and its caller is looked up among the running instances.
   */
  public Start start() {
    HistoricProcessInstance instance = history().createHistoricProcessInstanceQuery()
        .processInstanceId(task.getProcessInstanceId()).singleResult();
    String startedBy = text("initiator");
    if (instance == null) {
      ProcessInstance caller = task.getProcessEngineServices().getRuntimeService().createProcessInstanceQuery()
          .subProcessInstanceId(task.getProcessInstanceId()).singleResult();
      String calledBy = caller == null ? null : task.getProcessEngineServices().getRepositoryService()
          .getProcessDefinition(caller.getProcessDefinitionId()).getKey();
      return new Start(startedBy, ClockUtil.getCurrentTime(), calledBy);
    }
    String calledBy = null;
    if (instance.getSuperProcessInstanceId() != null) {
      HistoricProcessInstance caller = history().createHistoricProcessInstanceQuery()
          .processInstanceId(instance.getSuperProcessInstanceId()).singleResult();
      calledBy = caller == null ? null : caller.getProcessDefinitionKey();
    }
    return new Start(startedBy != null ? startedBy : instance.getStartUserId(), instance.getStartTime(), calledBy);
  }

  /** The human tasks finished before this one, in this runbook and the runbooks that called it, oldest first. */
  public List<HumanStep> humanSteps() {
    List<HumanStep> steps = new ArrayList<>();
    String instanceId = task.getProcessInstanceId();
    for (int level = 0; instanceId != null && level <= CALLERS; level++) {
      HistoricProcessInstance instance = history().createHistoricProcessInstanceQuery().processInstanceId(instanceId).singleResult();
      if (instance == null) {
        break;
      }
      List<HistoricTaskInstance> done = history().createHistoricTaskInstanceQuery()
          .processInstanceId(instanceId).finished().orderByHistoricTaskInstanceEndTime().asc().list();
      List<HumanStep> here = new ArrayList<>();
      for (HistoricTaskInstance step : done) {
        here.add(new HumanStep(instance.getProcessDefinitionKey(), step.getName(), completedBy(step), step.getEndTime(), inputs(step)));
      }
      steps.addAll(0, here);
      instanceId = instance.getSuperProcessInstanceId();
    }
    return steps;
  }

  /** Who completed a task: the user the operation log names (REST, Tasklist), else its assignee. */
  private String completedBy(HistoricTaskInstance step) {
    return history().createUserOperationLogQuery().taskId(step.getId())
        .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
        .map(UserOperationLogEntry::getUserId).filter(java.util.Objects::nonNull).findFirst()
        .orElse(step.getAssignee());
  }

  /** What a finished task held: its task-local variables and those of its activity (the task inputs). */
  private Map<String, String> inputs(HistoricTaskInstance step) {
    Map<String, String> inputs = new LinkedHashMap<>();
    List<HistoricVariableInstance> variables = new ArrayList<>(history().createHistoricVariableInstanceQuery()
        .activityInstanceIdIn(step.getActivityInstanceId()).disableCustomObjectDeserialization().list());
    variables.addAll(history().createHistoricVariableInstanceQuery().taskIdIn(step.getId()).disableCustomObjectDeserialization().list());
    // the decision first, the notes after it, as the forms ask them
    variables.sort(java.util.Comparator.comparing((HistoricVariableInstance v) -> v.getName().endsWith("Notes")).thenComparing(HistoricVariableInstance::getName));
    for (HistoricVariableInstance variable : variables) {
      if (!TaskStories.TASK_STORY.equals(variable.getName()) && variable.getValue() != null
          && (variable.getValue() instanceof String || variable.getValue() instanceof Number || variable.getValue() instanceof Boolean)) {
        String value = variable.getValue().toString().strip();
        inputs.put(variable.getName(), value.length() > 300 ? value.substring(0, 300) + "..." : value);
      }
    }
    return inputs;
  }

  private HistoryService history() {
    return task.getProcessEngineServices().getHistoryService();
  }
}
