package org.alisw.runbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the CLI reads from a BPMN and from history: steps, approval inputs, outcomes and labels. */
class RunbookReadingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void countsTasksAndCallActivitiesAlsoInsideSubProcessesAsSteps() {
    assertThat(BpmnModel.parse(ApprovalXml.REBUILD).stepCount()).isEqualTo(4);
  }

  @Test
  void readsAnApprovalsDecisionAndNotesFromItsProperties() {
    BpmnModel model = BpmnModel.parse(ApprovalXml.REBUILD);
    TaskDecision.ApprovalInputs inputs = TaskDecision.ApprovalInputs.of("Approve", model.properties("user_task_approve_rebuild"));

    assertThat(inputs).isEqualTo(new TaskDecision.ApprovalInputs("approvalDecision", List.of("approve", "reject"), "approvalNotes", true));
    assertThat(inputs.variables("reject", "no")).containsOnlyKeys("approvalDecision", "approvalNotes");
    assertThatThrownBy(() -> inputs.variables("approve", null)).hasMessageContaining("needs a note (approvalNotes): add --notes");
  }

  @Test
  void aTaskWithoutRunbookApprovalIsNotAnApproval() {
    BpmnModel model = BpmnModel.parse(ApprovalXml.REBUILD);

    assertThatThrownBy(() -> TaskDecision.ApprovalInputs.of("Discuss", model.properties("user_task_discuss")))
        .isInstanceOf(CliException.class)
        .hasMessage("Task 'Discuss' is not an approval (it takes [discussionOutcome, discussionNotes]): complete it in Tasklist.");
  }

  @Test
  void refusesADoctype() {
    assertThatThrownBy(() -> BpmnModel.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"))
        .isInstanceOf(CliException.class);
  }

  @Test
  void outcomesMapToExitCodes() throws Exception {
    BpmnModel model = BpmnModel.parse(ApprovalXml.REBUILD);
    assertThat(state("COMPLETED", List.of(end("pi", "end_event_done", "Rebuilt")), List.of(), List.of()).outcome(model))
        .isEqualTo(new RunbookState.Outcome(Exit.OK, "Completed at Rebuilt (end_event_done)."));
    assertThat(state("COMPLETED", List.of(end("pi", "end_event_rebuild_rejected", "Not rebuilt: rejected")), List.of(), List.of())
            .outcome(model))
        .as("the BPMN says this end is not what the runbook was started for")
        .isEqualTo(new RunbookState.Outcome(Exit.FAILED,
            "Ended at Not rebuilt: rejected (end_event_rebuild_rejected) without doing what it was started for."));
    assertThat(state("EXTERNALLY_TERMINATED", List.of(), List.of(), List.of()).outcome(model).exitCode()).isEqualTo(Exit.FAILED);
    assertThat(state("ACTIVE", List.of(), List.of(), List.of()).outcome(model)).isNull();
    assertThat(state("SUSPENDED", List.of(), List.of(), List.of()).outcome(model)).isNull();

    RunbookState waiting = state("ACTIVE", List.of(), List.of(json("""
        {"id":"t-9","name":"Investigate the server","processInstanceId":"child","assignee":null}""")), List.of());
    assertThat(waiting.outcome(model)).isEqualTo(new RunbookState.Outcome(Exit.WAITING,
        "Waiting for a human: 'Investigate the server' (task t-9, verify-host)."));

    RunbookState incident = state("ACTIVE", List.of(), List.of(), List.of(json("""
        {"processInstanceId":"pi","activityId":"service_task_hard_reboot","incidentType":"failedJob","incidentMessage":"Nova 503"}""")));
    assertThat(incident.outcome(model).exitCode()).isEqualTo(Exit.FAILED);
    assertThat(incident.outcome(model).message()).contains("reboot-server at service_task_hard_reboot: Nova 503");
  }

  @Test
  void labelsStepsOfCalledRunbooksWithTheirKeyAndCountsOnlyTheRootsSteps() throws Exception {
    List<JsonNode> activities = List.of(
        activity("pi", "service_task_hard_reboot", "Hard reboot\nthe server", "serviceTask", "2026-12-03T10:00:00.000+0000"),
        activity("pi", "service_task_hard_reboot", "Hard reboot\nthe server", "serviceTask", "2026-12-03T10:00:05.000+0000"),
        activity("pi", "call_activity_verify_host", "Verify the host", "callActivity", null),
        activity("child", "service_task_run_puppet_agent", "Run puppet", "serviceTask", null));
    RunbookState state = state("ACTIVE", activities, List.of(), List.of());

    assertThat(state.stepsReached()).isEqualTo(2);
    assertThat(state.currentSteps()).containsExactly("Verify the host", "verify-host > Run puppet");
    assertThat(state.label(activities.get(0))).isEqualTo("Hard reboot the server");
  }

  private static RunbookState state(String rootState, List<JsonNode> activities, List<JsonNode> tasks, List<JsonNode> incidents) throws Exception {
    JsonNode root = json("{\"id\":\"pi\",\"processDefinitionKey\":\"reboot-server\",\"state\":\"" + rootState + "\",\"deleteReason\":null}");
    JsonNode child = json("{\"id\":\"child\",\"processDefinitionKey\":\"verify-host\",\"state\":\"ACTIVE\"}");
    return new RunbookState(root, Map.of("pi", root, "child", child), activities, tasks, incidents, List.of());
  }

  private static JsonNode end(String instance, String id, String name) throws Exception {
    return json("{\"processInstanceId\":\"" + instance + "\",\"parentActivityInstanceId\":\"" + instance + "\",\"activityId\":\"" + id
        + "\",\"activityName\":\"" + name + "\",\"activityType\":\"noneEndEvent\",\"endTime\":\"2026-12-03T10:00:00.000+0000\"}");
  }

  private static JsonNode activity(String instance, String id, String name, String type, String endTime) {
    return JSON.valueToTree(new java.util.HashMap<>(Map.of("processInstanceId", instance, "activityId", id, "activityName", name,
        "activityType", type, "id", id + Math.random()))) instanceof com.fasterxml.jackson.databind.node.ObjectNode node
        ? node.put("endTime", endTime) : null;
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
