package org.alisw.runbooks.runbook.check;

import java.util.Set;
import org.alisw.runbooks.runbook.story.RunbookStory;
import org.alisw.runbooks.runbook.story.Story;
import org.alisw.runbooks.runbook.story.StoryFacts;
import org.springframework.stereotype.Component;

/** preflight's and verify-master's report tasks: the pass/fail list. */
@Component("checkTaskStory")
class CheckStory implements RunbookStory {

  @Override
  public Set<String> processKeys() {
    return Set.of("preflight", "verify-master");
  }

  @Override
  public String asked(StoryFacts facts) {
    long failed = facts.number(CheckReport.FAILED, 0);
    return "Read the result of the checks: " + (failed == 0 ? "all passed." : failed + " failed.");
  }

  @Override
  public void tell(StoryFacts facts, Story story) {
    story.block("Checks", facts.text(CheckReport.SUMMARY));
  }
}
