package org.alisw.runbooks.runbook.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * Issue 15, "every user task shows what happened before in plain words": every user task of
 * {@code processes/} declares the story listener, its runbook has its own story, and its form
 * displays the story.
 */
class TaskStoryConventionsTest {

  private static final String LISTENER = "${runbookTaskStory}";

  @Test
  void everyUserTaskDeclaresTheStoryListenerOnCreate() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Path file : bpmnFiles()) {
      for (UserTask task : model(file).getModelElementsByType(UserTask.class)) {
        boolean declared = task.getExtensionElements() != null
            && task.getExtensionElements().getElementsQuery().filterByType(CamundaTaskListener.class).list().stream()
                .anyMatch(l -> LISTENER.equals(l.getCamundaDelegateExpression()) && "create".equals(l.getCamundaEvent()));
        if (!declared) {
          missing.add(file.getFileName() + " " + task.getId());
        }
      }
    }
    assertThat(missing).as("user tasks without <camunda:taskListener delegateExpression=\"" + LISTENER + "\" event=\"create\" />").isEmpty();
  }

  @Test
  void everyRunbookWithHumanTasksHasItsOwnStory() throws Exception {
    TaskStories stories = new TaskStories(StoryMockExpressionManager.applicationStories());
    List<String> untold = new ArrayList<>();
    for (Path file : bpmnFiles()) {
      BpmnModelInstance model = model(file);
      if (model.getModelElementsByType(UserTask.class).isEmpty()) {
        continue;
      }
      for (Process process : model.getModelElementsByType(Process.class)) {
        if (process.isExecutable() && !stories.tells(process.getId())) {
          untold.add(process.getId());
        }
      }
    }
    assertThat(untold).as("runbooks with user tasks but no RunbookStory bean").isEmpty();
  }

  @Test
  void everyUserTaskIsAskedInItsRunbooksWordsAndTellsWithoutVariables() throws Exception {
    Map<String, RunbookStory> byKey = new HashMap<>();
    StoryMockExpressionManager.applicationStories().forEach(s -> s.processKeys().forEach(k -> byKey.put(k, s)));
    List<String> unasked = new ArrayList<>();
    int tasks = 0;
    for (Path file : bpmnFiles()) {
      BpmnModelInstance model = model(file);
      String key = model.getModelElementsByType(Process.class).iterator().next().getId();
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        DelegateTask delegate = mock(DelegateTask.class);
        when(delegate.getTaskDefinitionKey()).thenReturn(task.getId());
        when(delegate.getName()).thenReturn(task.getName());
        StoryFacts facts = new StoryFacts(delegate, key);
        RunbookStory story = byKey.get(key);
        String asked = story.asked(facts);
        if (asked == null || asked.isBlank()) {
          unasked.add(key + " " + task.getId());
        }
        Story text = new Story();
        story.tell(facts, text);
        tasks++;
      }
    }
    assertThat(tasks).isGreaterThan(30);
    assertThat(unasked).as("user tasks whose RunbookStory does not say what they ask").isEmpty();
  }

  @Test
  void everyStoryIsASpringBean() {
    assertThat(StoryMockExpressionManager.applicationStories()).hasSizeGreaterThanOrEqualTo(7)
        .allSatisfy(story -> assertThat(story.getClass().getAnnotation(Component.class)).as(story.getClass().getName()).isNotNull());
  }

  @Test
  void everyFormOfAUserTaskDisplaysTheStory() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> missing = new ArrayList<>();
    for (Path file : bpmnFiles()) {
      for (UserTask task : model(file).getModelElementsByType(UserTask.class)) {
        String formRef = task.getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "formRef");
        Path form = Path.of("processes/forms", formRef + ".form");
        JsonNode story = json.readTree(form.toFile()).path("components").findParents("key").stream()
            .filter(c -> TaskStories.TASK_STORY.equals(c.path("key").asText())).findFirst().orElse(null);
        if (story == null || !story.path("disabled").asBoolean()) {
          missing.add(form + " (" + task.getId() + ")");
        }
      }
    }
    assertThat(missing).as("forms without a disabled (display-only) field " + TaskStories.TASK_STORY).isEmpty();
  }

  private static BpmnModelInstance model(Path file) {
    return Bpmn.readModelFromFile(file.toFile());
  }

  private static List<Path> bpmnFiles() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      return files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
    }
  }
}
