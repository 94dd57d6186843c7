package org.alisw.runbooks.runbook.create;

import java.util.Map;
import java.util.Set;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.story.RunbookStory;
import org.alisw.runbooks.runbook.story.Story;
import org.alisw.runbooks.runbook.story.StoryFacts;
import org.springframework.stereotype.Component;

/** create-agent's human task: the agent is made and verified, and Roger said no to production. */
@Component("createAgentTaskStory")
class CreateAgentStory implements RunbookStory {

  private static final Map<String, String> ASKED = Map.of(
      "user_task_roger_refused", "Roger refused to put the verified agent in production (below): retry once the cause is fixed "
          + "or after setting it by hand with roger update, or leave the agent out of production.");

  @Override
  public Set<String> processKeys() {
    return Set.of("create-agent");
  }

  @Override
  public String asked(StoryFacts facts) {
    return ASKED.get(facts.taskKey());
  }

  @Override
  public void tell(StoryFacts facts, Story story) {
    story.heading("The agent");
    story.item(facts.text(CreateVariables.PURPOSE) == null ? null
        : "Purpose " + facts.text(CreateVariables.PURPOSE) + ", project " + facts.text(Variables.PROJECT));
    story.item(facts.text(Variables.SERVER_ID) == null ? null : "Server " + facts.text(Variables.SERVER_ID)
        + (facts.text(CreateVariables.VOLUME_ID) == null ? "" : ", volume " + facts.text(CreateVariables.VOLUME_ID)));
    long puppetAttempts = facts.number("puppetAttemptsUsed", 0);
    story.item(puppetAttempts <= 0 ? null : "Verified: puppet ran clean after " + puppetAttempts + " attempt(s)");
    story.item(facts.text("builderImage") == null ? null : "docker pull " + facts.text("builderImage") + " done");
  }
}
