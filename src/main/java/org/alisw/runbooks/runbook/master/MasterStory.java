package org.alisw.runbooks.runbook.master;

import java.util.Map;
import java.util.Set;
import org.alisw.runbooks.runbook.story.RunbookStory;
import org.alisw.runbooks.runbook.story.Story;
import org.alisw.runbooks.runbook.story.StoryFacts;
import org.springframework.stereotype.Component;

/** rebuild-master's and renew-master-backup's human tasks: the leader, the hand-over, the quorum. */
@Component("masterTaskStory")
class MasterStory implements RunbookStory {

  private static final Map<String, String> ASKED = Map.of(
      "user_task_discuss_with_colleagues", "\"Discuss with your colleagues whether rebuilding the master is a good idea\": go or no-go, and whether to hand over the leadership first.",
      "user_task_hand_over_stuck", "The Mesos leadership did not move to another master after the restart: wait again, restart again, skip the hand-over or give up.",
      "user_task_approve_rebuild", "Four eyes: approve or reject exactly the plan below (you cannot approve a rebuild you started).",
      "user_task_quorum_refused", "\"Make sure the other two masters are properly functioning\": they are not (below), so the rebuild was refused: check again or give up.",
      "user_task_review_rebuilt_master", "The master was rebuilt but the checklist found problems (below): write what you found.",
      "user_task_renew_tsm_backup", "Renew the TSM backup registration of the masters before it expires, then note what you did.");

  @Override
  public Set<String> processKeys() {
    return Set.of("rebuild-master", "renew-master-backup");
  }

  @Override
  public String asked(StoryFacts facts) {
    return ASKED.get(facts.taskKey());
  }

  @Override
  public void tell(StoryFacts facts, Story story) {
    if (facts.processKey().equals("renew-master-backup")) {
      story.item(facts.text(BackupReminderRequest.MASTERS) == null ? null : "Masters: " + facts.text(BackupReminderRequest.MASTERS).replace("\n", ", "));
      story.item(facts.text(BackupReminderRequest.DUE_DATE) == null ? null : "Due: " + facts.text(BackupReminderRequest.DUE_DATE));
      return;
    }
    if (facts.text(MasterVariables.MESOS_LEADER) != null) {
      story.heading("Mesos leadership");
      story.item("Leader at the last look: " + facts.text(MasterVariables.MESOS_LEADER));
      story.item("Hand-overs requested (docker restart mesos-master): " + facts.number(MasterVariables.HAND_OVERS_REQUESTED, 0));
      story.item(facts.text(MasterVariables.LEADERSHIP_MOVED) == null ? null
          : "Leadership moved: " + ("true".equals(facts.text(MasterVariables.LEADERSHIP_MOVED)) ? "yes" : "not yet"));
    }
    if (!facts.plan().isEmpty()) {
      story.heading("The plan");
      story.items(facts.plan());
    }
    story.block("The other masters", facts.text(MasterVariables.QUORUM_REPORT));
    story.block("Checklist of the rebuilt master", facts.text("checkSummary"));
  }
}
