package org.alisw.runbooks.cli;

import static org.alisw.runbooks.cli.EngineClient.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One look at a runbook instance and the runbooks it called, from the engine's history (which
 * keeps what has finished) and its runtime (open tasks, incidents): what {@code status} prints and
 * what {@code follow} compares from one poll to the next.
 */
record RunbookState(
    JsonNode root,
    Map<String, JsonNode> instances,
    List<JsonNode> activities,
    List<JsonNode> tasks,
    List<JsonNode> incidents,
    List<JsonNode> hostOutput) {

  /** The host output the runbooks keep: one text variable per puppet run (verify-host). */
  static final Pattern HOST_OUTPUT = Pattern.compile("puppetAttempt\\d+");

  static RunbookState take(EngineClient engine, String instanceId) {
    JsonNode root = historicInstance(engine, instanceId);
    Map<String, JsonNode> instances = new LinkedHashMap<>();
    collect(engine, root, instances);
    String ids = String.join(",", instances.keySet());
    List<JsonNode> activities = new ArrayList<>();
    for (String id : instances.keySet()) {
      engine.get("/history/activity-instance?processInstanceId=" + q(id) + "&sortBy=startTime&sortOrder=asc").forEach(activities::add);
    }
    activities.sort(Comparator.comparing((JsonNode a) -> a.path("startTime").asText()).thenComparing(a -> a.path("id").asText()));
    List<JsonNode> tasks = new ArrayList<>();
    List<JsonNode> incidents = new ArrayList<>();
    boolean running = instances.values().stream().anyMatch(RunbookState::isRunning);
    if (running) {
      engine.get("/task?processInstanceIdIn=" + q(ids) + "&sortBy=created&sortOrder=asc").forEach(tasks::add);
      for (String id : instances.keySet()) {
        if (isRunning(instances.get(id))) {
          engine.get("/incident?processInstanceId=" + q(id)).forEach(incidents::add);
        }
      }
    }
    List<JsonNode> output = new ArrayList<>();
    engine.get("/history/variable-instance?processInstanceIdIn=" + q(ids) + "&variableNameLike=" + q("puppetAttempt%") + "&deserializeValues=false")
        .forEach(v -> {
          if (HOST_OUTPUT.matcher(v.path("name").asText()).matches()) {
            output.add(v);
          }
        });
    output.sort(Comparator.comparing((JsonNode v) -> v.path("createTime").asText())
        .thenComparing(v -> Integer.parseInt(v.path("name").asText().replaceAll("\\D", ""))));
    return new RunbookState(root, instances, activities, tasks, incidents, output);
  }

  static JsonNode historicInstance(EngineClient engine, String instanceId) {
    try {
      return engine.get("/history/process-instance/" + q(instanceId));
    } catch (EngineException e) {
      if (e.status() == 404) {
        throw new CliException(Exit.REFUSED, "No runbook instance " + instanceId + " (or you may not see it).");
      }
      throw e;
    }
  }

  private static void collect(EngineClient engine, JsonNode instance, Map<String, JsonNode> into) {
    into.put(instance.path("id").asText(), instance);
    for (JsonNode called : engine.get("/history/process-instance?superProcessInstanceId=" + q(instance.path("id").asText()) + "&sortBy=startTime&sortOrder=asc")) {
      if (!into.containsKey(called.path("id").asText())) {
        collect(engine, called, into);
      }
    }
  }

  static boolean isRunning(JsonNode instance) {
    String state = instance.path("state").asText();
    return state.equals("ACTIVE") || state.equals("SUSPENDED");
  }

  String id() {
    return root.path("id").asText();
  }

  String key() {
    return root.path("processDefinitionKey").asText();
  }

  String state() {
    return root.path("state").asText();
  }

  /** The runbook key of an instance of the tree (for the root: its own key). */
  String keyOf(String instanceId) {
    JsonNode instance = instances.get(instanceId);
    return instance == null ? "?" : instance.path("processDefinitionKey").asText();
  }

  /** Steps (tasks, call activities) started in the root instance, distinct by id: the progress. */
  long stepsReached() {
    return activities.stream()
        .filter(a -> a.path("processInstanceId").asText().equals(id()))
        .filter(RunbookState::isStep)
        .map(a -> a.path("activityId").asText())
        .distinct()
        .count();
  }

  static boolean isStep(JsonNode activity) {
    return BpmnModel.STEP_TYPES.contains(activity.path("activityType").asText());
  }

  /** The activities running now, deepest last, as "name" or "key > name" for a called runbook. */
  List<String> currentSteps() {
    List<String> current = new ArrayList<>();
    for (JsonNode activity : activities) {
      if (activity.path("endTime").isNull() || activity.path("endTime").isMissingNode()) {
        String type = activity.path("activityType").asText();
        if (isStep(activity) || type.contains("Timer") || type.contains("Event") && !type.equals("startEvent")) {
          current.add(label(activity));
        }
      }
    }
    return current;
  }

  /** "Name" of an activity, prefixed with its runbook's key when it runs in a called runbook. */
  String label(JsonNode activity) {
    String name = nameOf(activity);
    String instance = activity.path("processInstanceId").asText();
    return instance.equals(id()) ? name : keyOf(instance) + " > " + name;
  }

  static String nameOf(JsonNode activity) {
    String name = activity.path("activityName").asText("");
    return name.isBlank() || activity.path("activityName").isNull() ? activity.path("activityId").asText() : name.replaceAll("\\s+", " ");
  }

  /** The end event the root instance ended at, as "name (id)", when it completed. */
  String endEvent() {
    JsonNode end = endActivity();
    return end == null ? null : nameOf(end) + " (" + end.path("activityId").asText() + ")";
  }

  private JsonNode endActivity() {
    JsonNode end = null;
    for (JsonNode activity : activities) {
      if (activity.path("processInstanceId").asText().equals(id())
          && activity.path("activityType").asText().endsWith("EndEvent")
          && activity.path("parentActivityInstanceId").asText().equals(id())) {
        end = activity;
      }
    }
    return end;
  }

  /** An open user task of the tree as "name (task ID, runbook KEY)". */
  String describeTask(JsonNode task) {
    return "'" + task.path("name").asText() + "' (task " + task.path("id").asText() + ", " + keyOf(task.path("processInstanceId").asText())
        + (task.path("assignee").isNull() || task.path("assignee").isMissingNode() ? "" : ", assigned to " + task.path("assignee").asText()) + ")";
  }

  String describeIncident(JsonNode incident) {
    return keyOf(incident.path("processInstanceId").asText()) + " at " + incident.path("activityId").asText() + ": "
        + incident.path("incidentMessage").asText(incident.path("incidentType").asText());
  }

  /**
   * What {@code follow} exits with for this state, and why; null while the runbook still runs on
   * its own (a suspended one included: it resumes when someone activates it). {@code model} is
   * the runbook's BPMN: its end events say whether ending there means the job was done.
   */
  Outcome outcome(BpmnModel model) {
    switch (state()) {
      case "COMPLETED" -> {
        String end = endEvent();
        JsonNode endActivity = endActivity();
        if (endActivity != null && !model.done(endActivity.path("activityId").asText())) {
          return new Outcome(Exit.FAILED, "Ended at " + end + " without doing what it was started for.");
        }
        return new Outcome(Exit.OK, "Completed" + (end == null ? "" : " at " + end) + ".");
      }
      case "EXTERNALLY_TERMINATED", "INTERNALLY_TERMINATED" -> {
        String reason = root.path("deleteReason").asText("");
        return new Outcome(Exit.FAILED, "Cancelled" + (reason.isBlank() || root.path("deleteReason").isNull() ? "" : ": " + reason) + ".");
      }
      default -> {
        // still running: an incident or a human task stops the follow
      }
    }
    if (!incidents.isEmpty()) {
      return new Outcome(Exit.FAILED, "Failed: incident in " + describeIncident(incidents.get(0))
          + " (fix the cause, then retry the job in Cockpit).");
    }
    if (!tasks.isEmpty()) {
      return new Outcome(Exit.WAITING, "Waiting for a human: " + describeTask(tasks.get(0)) + ".");
    }
    return null;
  }

  /** An exit code and the sentence that explains it. */
  record Outcome(int exitCode, String message) {}
}
