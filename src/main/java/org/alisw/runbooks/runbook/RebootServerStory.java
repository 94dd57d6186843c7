package org.alisw.runbooks.runbook;

import java.util.Set;
import org.alisw.runbooks.runbook.story.RunbookStory;
import org.alisw.runbooks.runbook.story.Story;
import org.alisw.runbooks.runbook.story.StoryFacts;
import org.springframework.stereotype.Component;

/** reboot-server's human task in the guide's words: the server that did not come back. */
@Component("rebootServerTaskStory")
class RebootServerStory implements RunbookStory {

  @Override
  public Set<String> processKeys() {
    return Set.of("reboot-server");
  }

  @Override
  public String asked(StoryFacts facts) {
    return "The server did not come back after the hard reboot (\"if the reboot does not work, ask for help\"): "
        + "look at it, then wait again, reboot it again or give up.";
  }

  @Override
  public void tell(StoryFacts facts, Story story) {
    story.heading("The reboot");
    story.item("Hard reboots requested: " + facts.number(Variables.REBOOTS_REQUESTED, 0));
    story.item(facts.text(Variables.SERVER_STATUS) == null ? null : "Nova's status at the last look: " + facts.text(Variables.SERVER_STATUS));
    story.item(facts.text(Variables.SERVER_FAULT) == null ? null : "Nova's fault: " + facts.text(Variables.SERVER_FAULT));
    story.item(facts.text("hostVerified") == null ? null
        : "Verification (ping, SSH, puppet): " + ("true".equals(facts.text("hostVerified")) ? "passed" : "not passed")
            + (facts.text("puppetAttemptsUsed") == null ? "" : ", " + facts.text("puppetAttemptsUsed") + " puppet run(s), last exit code " + facts.text("puppetExitCode")));
  }
}
