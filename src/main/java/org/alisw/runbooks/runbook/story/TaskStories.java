package org.alisw.runbooks.runbook.story;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a task's story: what is asked, who started the runbook and why, what people decided so
 * far, the runbook's own paragraphs ({@link RunbookStory}), and a step that was refused.
 */
public final class TaskStories {

  /** The task-local variable holding the story, shown by the forms. */
  public static final String TASK_STORY = "taskStory";

  private final Map<String, RunbookStory> byProcessKey = new HashMap<>();

  public TaskStories(List<RunbookStory> stories) {
    for (RunbookStory story : stories) {
      for (String key : story.processKeys()) {
        RunbookStory earlier = byProcessKey.put(key, story);
        if (earlier != null) {
          throw new IllegalStateException("two stories tell " + key + ": " + earlier.getClass().getName() + " and " + story.getClass().getName());
        }
      }
    }
  }

  /** Whether a runbook has its own story (RunbookConventions: every runbook with human tasks has). */
  public boolean tells(String processKey) {
    return byProcessKey.containsKey(processKey);
  }

  /** The story of a task; {@code documentation} is what the BPMN says about the task (its description so far), or null. */
  public String tell(StoryFacts facts, String documentation) {
    Story story = new Story();
    String host = facts.text("hostname");
    story.line("**" + facts.taskName() + "**" + " (runbook " + facts.processKey() + (host == null ? "" : ", host " + host) + ")");

    RunbookStory own = byProcessKey.get(facts.processKey());
    if (own != null) {
      story.line(own.asked(facts));
    }
    story.line(documentation);

    StoryFacts.Start start = facts.start();
    story.line((start.startedBy() == null ? "Started without a person (by its timer)" : "Started by " + start.startedBy())
        + " on " + StoryFacts.when(start.when())
        + (start.calledBy() == null ? "" : ", as a step of the runbook " + start.calledBy()) + ".");
    String reason = facts.text("reason");
    if (reason != null) {
      story.line("Reason given: \"" + reason + "\"");
    }

    List<StoryFacts.HumanStep> steps = facts.humanSteps();
    if (!steps.isEmpty()) {
      story.heading("Done by people so far");
      for (StoryFacts.HumanStep step : steps) {
        String inputs = step.inputs().entrySet().stream()
            .map(e -> StoryFacts.words(e.getKey()) + ": " + e.getValue())
            .collect(Collectors.joining("; "));
        story.item(step.name() + (step.runbook().equals(facts.processKey()) ? "" : " (in " + step.runbook() + ")")
            + ": " + (step.doneBy() == null ? "completed" : step.doneBy()) + ", " + StoryFacts.when(step.end())
            + (inputs.isEmpty() ? "" : " - " + inputs));
      }
    }

    if (own != null) {
      own.tell(facts, story);
    }

    String refusal = facts.text("stepRefusal");
    if (refusal != null) {
      story.heading("Refused step");
      story.line(refusal);
    }
    return story.text();
  }
}
