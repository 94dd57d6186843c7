package org.alisw.runbooks.runbook.lifecycle;

import java.util.Map;
import java.util.Set;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.story.RunbookStory;
import org.alisw.runbooks.runbook.story.Story;
import org.alisw.runbooks.runbook.story.StoryFacts;
import org.springframework.stereotype.Component;

/** The human tasks of rebuild-agent, rebuild-vm and delete-vm: the Mesos tasks, the plan, the server. */
@Component("lifecycleTaskStory")
class LifecycleStory implements RunbookStory {

  private static final Map<String, String> ASKED = Map.ofEntries(
      Map.entry("rebuild-agent/user_task_discuss_with_colleagues",
          "\"Discuss with your colleagues whether rebuilding the agent is a good idea\": record the outcome (go or no-go) and what was said."),
      Map.entry("rebuild-agent/user_task_review_agent_tasks",
          "\"Verify that the machine is not running any particularly important task\": the Mesos tasks the agent runs are listed below."),
      Map.entry("rebuild-agent/user_task_confirm_important_tasks",
          "The agent runs tasks marked important (below): interrupt them with the rebuild, or stop here."),
      Map.entry("rebuild-agent/user_task_approve_rebuild",
          "Four eyes: approve or reject exactly the plan below (you cannot approve a rebuild you started)."),
      Map.entry("rebuild-agent/user_task_investigate_request",
          "A step was refused (below): retry it once the cause is fixed, or give up."),
      Map.entry("rebuild-vm/user_task_investigate_rebuild",
          "The rebuilt server did not become ACTIVE in time: wait again, rebuild again or give up."),
      Map.entry("delete-vm/user_task_rebuild_instead",
          "\"You might first want to try rebuilding it, since it will be much faster\": delete for good, or rebuild instead."),
      Map.entry("delete-vm/user_task_approve_delete",
          "Four eyes: approve or reject exactly the delete below (you cannot approve a delete you started)."),
      Map.entry("delete-vm/user_task_investigate_delete",
          "The delete did not finish as planned (below): retry, wait again or give up."));

  @Override
  public Set<String> processKeys() {
    return Set.of("rebuild-agent", "rebuild-vm", "delete-vm");
  }

  @Override
  public String asked(StoryFacts facts) {
    return ASKED.get(facts.processKey() + "/" + facts.taskKey());
  }

  @Override
  public void tell(StoryFacts facts, Story story) {
    String tasks = facts.text(LifecycleVariables.AGENT_TASKS);
    if (tasks != null) {
      story.heading("Mesos tasks on " + facts.text(Variables.HOSTNAME));
      story.items(tasks.equals("none") ? java.util.List.of("none") : tasks.lines().toList());
      String important = facts.text(LifecycleVariables.IMPORTANT_TASKS);
      story.line(important == null || important.equals("none") ? "None of them is marked important." : "Marked important: " + String.join(", ", important.lines().toList()));
    }
    if (!facts.plan().isEmpty()) {
      story.heading("The plan");
      story.items(facts.plan());
      story.line(facts.text("approvalVoid") == null ? null : "An earlier approval was voided: " + facts.text("approvalVoid"));
    }
    String volumes = facts.text(LifecycleVariables.VOLUMES_TO_DELETE);
    if (facts.processKey().equals("delete-vm") && volumes != null) {
      story.block("Volumes to delete", volumes);
    }
    if (facts.processKey().equals("rebuild-vm")) {
      story.heading("The rebuild");
      story.item("Rebuilds requested: " + facts.number(LifecycleVariables.REBUILDS_REQUESTED, 0));
    }
    if (facts.text(Variables.SERVER_STATUS) != null) {
      story.item("Nova's status at the last look: " + facts.text(Variables.SERVER_STATUS)
          + (facts.text(Variables.SERVER_FAULT) == null ? "" : ", fault: " + facts.text(Variables.SERVER_FAULT)));
    }
    story.item(facts.text(LifecycleVariables.VOLUME_STATUS) == null ? null : "Volume status at the last look: " + facts.text(LifecycleVariables.VOLUME_STATUS));
  }
}
