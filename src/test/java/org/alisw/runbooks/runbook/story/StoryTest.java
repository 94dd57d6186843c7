package org.alisw.runbooks.runbook.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text form of a story: readable raw and as Markdown, never longer than the description column. */
class StoryTest {

  @Test
  void readsAsPlainTextWithHeadingsItemsAndIndentedOutput() {
    String text = new Story()
        .line("**Report the puppet errors** (runbook verify-host, host alibuild07)")
        .line(null)
        .heading("Puppet runs (2 so far)")
        .items(List.of("attempt 1: exit code 6", "attempt 2: exit code 6"))
        .item(" ")
        .block("Output of the last run", "Error: one\nError: two\n")
        .text();

    assertThat(text).isEqualTo("""
        **Report the puppet errors** (runbook verify-host, host alibuild07)

        ## Puppet runs (2 so far)
        - attempt 1: exit code 6
        - attempt 2: exit code 6
        Output of the last run:
            Error: one
            Error: two""");
  }

  @Test
  void aLongStoryIsShortenedToTheDescriptionColumnAndSaysSo() {
    Story story = new Story();
    for (int i = 0; i < 500; i++) {
      story.item("puppet output line " + i);
    }
    assertThat(story.text()).hasSize(Story.MAX_LENGTH).endsWith("(shortened: the full texts are in the runbook's variables)");
  }

  @Test
  void camelCaseVariableNamesBecomeWords() {
    assertThat(StoryFacts.words("discussionNotes")).isEqualTo("discussion notes");
    assertThat(StoryFacts.words("approvalDecision")).isEqualTo("approval decision");
    assertThat(StoryFacts.firstLine("attempt 1: exit code 6\nError: x")).isEqualTo("attempt 1: exit code 6");
  }
}
