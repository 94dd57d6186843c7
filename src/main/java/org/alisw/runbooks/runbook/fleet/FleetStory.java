package org.alisw.runbooks.runbook.fleet;

import java.util.Map;
import java.util.Set;
import org.alisw.runbooks.runbook.story.RunbookStory;
import org.alisw.runbooks.runbook.story.Story;
import org.alisw.runbooks.runbook.story.StoryFacts;
import org.springframework.stereotype.Component;

/** rebuild-agents' human tasks: the list of hosts, the plan, a failed host, the outcome table. */
@Component("fleetTaskStory")
class FleetStory implements RunbookStory {

  private static final Map<String, String> ASKED = Map.of(
      "user_task_discuss_with_colleagues", "\"Discuss with your colleagues\" the rebuild of these agents, k at a time: go or no-go.",
      "user_task_approve_rebuilds", "Four eyes: approve or reject exactly the list and plan below (you cannot approve a list you started).",
      "user_task_report_host_failure", "A host of the list failed (below): write what you found; the other hosts go on.",
      "user_task_read_outcomes", "Every host of the list is done: read the outcome table.");

  @Override
  public Set<String> processKeys() {
    return Set.of("rebuild-agents");
  }

  @Override
  public String asked(StoryFacts facts) {
    return ASKED.get(facts.taskKey());
  }

  @Override
  public void tell(StoryFacts facts, Story story) {
    String hosts = facts.text(FleetVariables.FLEET_HOSTS);
    if (hosts != null) {
      story.heading("The list");
      story.line(hosts.replace("\n", ", ") + " (" + facts.number(FleetVariables.PARALLELISM, 1) + " at a time)");
    }
    if (!facts.plan().isEmpty() && facts.taskKey().equals("user_task_approve_rebuilds")) {
      story.heading("The plan");
      story.items(facts.plan());
    }
    if (facts.text("reportHost") != null) {
      story.heading("The failed host");
      story.item(facts.text("reportHost") + ": " + facts.text("reportResult"));
      story.line(facts.text("reportDetail"));
    }
    story.block("Outcomes", facts.text(FleetVariables.OUTCOME_TABLE));
    story.line(facts.text(FleetVariables.SUMMARY));
  }
}
