package org.alisw.runbooks.runbook.create;

import java.util.Map;
import java.util.Set;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.story.RunbookStory;
import org.alisw.runbooks.runbook.story.Story;
import org.alisw.runbooks.runbook.story.StoryFacts;
import org.springframework.stereotype.Component;

/** provision-vm's human tasks: what ai-bs would have booted and how far it got. */
@Component("provisionTaskStory")
class ProvisionStory implements RunbookStory {

  private static final Map<String, String> ASKED = Map.of(
      "user_task_boot_failed", "The server did not boot (ERROR or not ACTIVE in time): delete it and retry, keep it for inspection, or delete everything this runbook created.",
      "user_task_provisioning_refused", "A provisioning step was refused (below): retry once the cause is fixed, give up, or delete everything this runbook created.",
      "user_task_roger_build_refused", "Roger refused to record the new machine in build (below): retry once the cause is fixed, or go on without it as ai-bs does.",
      "user_task_wait_overdue", "A wait passed its deadline (below): wait again, give up, or delete everything this runbook created.",
      "user_task_clean_up_refused", "A clean-up step was refused (below): retry the clean-up or stop and clean up by hand.");

  @Override
  public Set<String> processKeys() {
    return Set.of("provision-vm");
  }

  @Override
  public String asked(StoryFacts facts) {
    return ASKED.get(facts.taskKey());
  }

  @Override
  public void tell(StoryFacts facts, Story story) {
    story.heading("The machine (ai-bs)");
    story.item(join("role", facts.text(CreateVariables.ROLE), "flavor", facts.text(CreateVariables.FLAVOR), "image", facts.text(CreateVariables.IMAGE),
        "volume", facts.text(CreateVariables.VOLUME)));
    story.item("Boots requested: " + facts.number(CreateVariables.BOOTS_REQUESTED, 0)
        + (facts.text(Variables.SERVER_ID) == null ? "" : ", server " + facts.text(Variables.SERVER_ID)));
    story.item(facts.text(Variables.SERVER_STATUS) == null ? null : "Nova's status at the last look: " + facts.text(Variables.SERVER_STATUS)
        + (facts.text(Variables.SERVER_FAULT) == null ? "" : ", fault: " + facts.text(Variables.SERVER_FAULT)));
    story.item(facts.text(CreateVariables.VOLUME_ID) == null ? null : "Volume " + facts.text(CreateVariables.VOLUME_ID)
        + (facts.text(CreateVariables.VOLUME_STATUS) == null ? "" : ", " + facts.text(CreateVariables.VOLUME_STATUS)));
    story.item(facts.text(CreateVariables.FOREMAN_HOST_ID) == null ? null : "Foreman host id " + facts.text(CreateVariables.FOREMAN_HOST_ID));
    story.item(facts.text("overdueWait") == null || !facts.taskKey().equals("user_task_wait_overdue") ? null
        : "The wait past its deadline: " + facts.text("overdueWait"));
  }

  private static String join(String... labelsAndValues) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < labelsAndValues.length; i += 2) {
      if (labelsAndValues[i + 1] != null) {
        text.append(text.isEmpty() ? "" : ", ").append(labelsAndValues[i]).append(' ').append(labelsAndValues[i + 1]);
      }
    }
    return text.toString();
  }
}
