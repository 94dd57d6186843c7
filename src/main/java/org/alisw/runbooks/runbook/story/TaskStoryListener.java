package org.alisw.runbooks.runbook.story;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Issue 15, "every user task shows what happened before in plain words": on create, the task's
 * story becomes its description (Tasklist shows it, the REST API returns it; it keeps what the
 * task's BPMN documentation put there) and the task-local variable {@value TaskStories#TASK_STORY}
 * that the forms display. Declared on every user task:
 * {@code <camunda:taskListener delegateExpression="${runbookTaskStory}" event="create" />}.
 */
@Component("runbookTaskStory")
class TaskStoryListener implements TaskListener {

  private final TaskStories stories;

  TaskStoryListener(List<RunbookStory> stories) {
    this.stories = new TaskStories(stories);
  }

  @Override
  public void notify(DelegateTask task) {
    String story = stories.tell(StoryFacts.of(task), task.getDescription());
    task.setDescription(story);
    task.setVariableLocal(TaskStories.TASK_STORY, story);
  }
}
