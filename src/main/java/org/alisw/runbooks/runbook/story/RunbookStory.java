package org.alisw.runbooks.runbook.story;

import java.util.Set;

/**
 * A runbook's own words for its human tasks: what the operator is asked and what the runbook found
 * before (the plan, the puppet attempts, the Mesos tasks, ...). One per runbook package, a Spring
 * bean; {@link TaskStories} adds the parts every runbook shares (who started it and why, what people
 * decided so far, a refused step).
 */
public interface RunbookStory {

  /** The process definition keys this story tells. */
  Set<String> processKeys();

  /** One or two sentences: what the task asks of the operator, in the runbook's words; null for none. */
  String asked(StoryFacts facts);

  /** Adds this runbook's paragraphs for the task {@link StoryFacts#taskKey()}. */
  void tell(StoryFacts facts, Story story);
}
