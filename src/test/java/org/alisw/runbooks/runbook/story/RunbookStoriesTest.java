package org.alisw.runbooks.runbook.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.junit.jupiter.api.Test;

/**
 * Each runbook's own paragraphs for a task kind the process tests do not walk to, from the
 * variables its steps write: the preflight report, the stuck hand-over and the quorum, the fleet's
 * failed host and outcome table, the server that did not boot, the delete plan, the reboot.
 */
class RunbookStoriesTest {

  private final Map<String, RunbookStory> stories = byKey();

  @Test
  void thePreflightReportSaysHowManyChecksFailedAndListsThem() {
    String story = tell("preflight", "user_task_read_preflight_report",
        Map.of("checksFailed", 1, "checkSummary", "1 of 13 checks failed.\nFAIL release-testing: keypair alibuild → Add it as the guide says"));
    assertThat(story).startsWith("Read the result of the checks: 1 failed.")
        .contains("Checks:\n    1 of 13 checks failed.\n    FAIL release-testing: keypair alibuild");
  }

  @Test
  void theStuckHandOverTellsTheLeaderAndTheRestarts() {
    String story = tell("rebuild-master", "user_task_hand_over_stuck",
        Map.of("hostname", "alimesos01", "mesosLeader", "alimesos01", "handOversRequested", 2, "leadershipMoved", false));
    assertThat(story).startsWith("The Mesos leadership did not move")
        .contains("## Mesos leadership", "- Leader at the last look: alimesos01",
            "- Hand-overs requested (docker restart mesos-master): 2", "- Leadership moved: not yet");
  }

  @Test
  void theFleetsFailedHostAndOutcomeTable() {
    String report = tell("rebuild-agents", "user_task_report_host_failure",
        Map.of("fleetHosts", "alibuild04\nalibuild05", "parallelism", 2, "reportHost", "alibuild05", "reportResult", "not-verified",
            "reportDetail", "puppet did not converge after 3 runs"));
    assertThat(report).contains("## The list\nalibuild04, alibuild05 (2 at a time)")
        .contains("## The failed host\n- alibuild05: not-verified\npuppet did not converge after 3 runs");

    String outcomes = tell("rebuild-agents", "user_task_read_outcomes",
        Map.of("fleetOutcomeTable", "alibuild04 rebuilt\nalibuild05 not-verified", "fleetSummary", "1 of 2 rebuilt."));
    assertThat(outcomes).contains("Outcomes:\n    alibuild04 rebuilt\n    alibuild05 not-verified", "1 of 2 rebuilt.");
  }

  @Test
  void theServerThatDidNotBootTellsWhatAiBsAskedFor() {
    String story = tell("provision-vm", "user_task_boot_failed",
        Map.of("role", "agent", "flavor", "m2.2xlarge", "image", "img-7", "bootsRequested", 1, "serverId", "id-9",
            "serverStatus", "ERROR", "serverFault", "No valid host was found"));
    assertThat(story).startsWith("The server did not boot")
        .contains("- role agent, flavor m2.2xlarge, image img-7", "- Boots requested: 1, server id-9",
            "- Nova's status at the last look: ERROR, fault: No valid host was found");
  }

  @Test
  void theDeleteApprovalListsThePlan() {
    String story = tell("delete-vm", "user_task_approve_delete",
        Map.of("hostname", "alibuild10", "plan", "{\"hostname\" : \"alibuild10\", \"volumes\" : [\"vol-1\", \"vol-2\"], \"commands\" : [\"ai-kill alibuild10\"]}"));
    assertThat(story).startsWith("Four eyes: approve or reject exactly the delete below")
        .contains("## The plan\n- hostname: alibuild10\n- volumes: vol-1, vol-2\n- commands: ai-kill alibuild10");
  }

  @Test
  void theRebootThatDidNotComeBack() {
    String story = tell("reboot-server", "user_task_investigate_reboot",
        Map.of("rebootsRequested", 2, "serverStatus", "HARD_REBOOT"));
    assertThat(story).contains("\"if the reboot does not work, ask for help\"", "- Hard reboots requested: 2",
        "- Nova's status at the last look: HARD_REBOOT");
  }

  private String tell(String processKey, String taskKey, Map<String, Object> variables) {
    DelegateTask task = mock(DelegateTask.class);
    when(task.getTaskDefinitionKey()).thenReturn(taskKey);
    when(task.getVariable(anyString())).thenAnswer(call -> variables.get(call.getArgument(0, String.class)));
    StoryFacts facts = new StoryFacts(task, processKey);
    RunbookStory own = stories.get(processKey);
    Story story = new Story().line(own.asked(facts));
    own.tell(facts, story);
    return story.text();
  }

  private static Map<String, RunbookStory> byKey() {
    Map<String, RunbookStory> byKey = new java.util.HashMap<>();
    StoryMockExpressionManager.applicationStories().forEach(s -> s.processKeys().forEach(k -> byKey.put(k, s)));
    return byKey;
  }
}
