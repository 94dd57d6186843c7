package org.alisw.runbooks.webapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The filters' default task lists against the runbooks in processes/: every user task is in exactly
 * one filter, and the approvals filter lists exactly the tasks declaring {@code runbook.approval}.
 */
class TasklistFilterDefaultsTest {

  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";

  private record UserTask(String file, String id, boolean approval) {}

  private static List<UserTask> userTasks() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    List<UserTask> tasks = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        NodeList list = document.getElementsByTagNameNS(BPMN, "userTask");
        for (int i = 0; i < list.getLength(); i++) {
          Element task = (Element) list.item(i);
          boolean approval = false;
          NodeList properties = task.getElementsByTagNameNS(CAMUNDA, "property");
          for (int j = 0; j < properties.getLength(); j++) {
            approval |= "runbook.approval".equals(((Element) properties.item(j)).getAttribute("name"));
          }
          tasks.add(new UserTask(file.getFileName().toString(), task.getAttribute("id"), approval));
        }
      }
    }
    return tasks;
  }

  @Test
  void everyUserTaskOfEveryRunbookIsInExactlyOneFilter() throws Exception {
    TasklistFilterProperties defaults = new TasklistFilterProperties(null, null, null);
    List<String> unlisted = new ArrayList<>();
    List<String> twice = new ArrayList<>();
    for (UserTask task : userTasks()) {
      int in = (defaults.approvals().taskKeys().contains(task.id()) ? 1 : 0)
          + (defaults.reportsAndDecisions().taskKeys().contains(task.id()) ? 1 : 0)
          + (defaults.reminders().taskKeys().contains(task.id()) ? 1 : 0);
      if (in == 0) {
        unlisted.add(task.file() + "#" + task.id());
      } else if (in > 1) {
        twice.add(task.file() + "#" + task.id());
      }
    }
    assertThat(unlisted).as("user tasks in no Tasklist filter (TasklistFilterProperties defaults)").isEmpty();
    assertThat(twice).as("user tasks in two filters").isEmpty();
  }

  @Test
  void theApprovalsFilterListsExactlyTheFourEyesTasks() throws Exception {
    Set<String> approvals = new TreeSet<>();
    Set<String> others = new TreeSet<>();
    for (UserTask task : userTasks()) {
      (task.approval() ? approvals : others).add(task.id());
    }
    assertThat(new TreeSet<>(TasklistFilterProperties.DEFAULT_APPROVAL_TASKS)).isEqualTo(approvals);
    // An id shared by an approval and a non-approval task would put the latter in the filter.
    assertThat(others).doesNotContainAnyElementsOf(approvals);
    // And no listed key is stale.
    Set<String> all = new TreeSet<>(approvals);
    all.addAll(others);
    assertThat(all).containsAll(TasklistFilterProperties.DEFAULT_REPORT_AND_DECISION_TASKS)
        .containsAll(TasklistFilterProperties.DEFAULT_REMINDER_TASKS);
  }

  @Test
  void aPartlyConfiguredFilterKeepsItsDefaultsAndNamesMustDiffer() {
    TasklistFilterProperties renamed =
        new TasklistFilterProperties(new TasklistFilterProperties.Definition("Mine to approve", null), null, null);
    assertThat(renamed.approvals().name()).isEqualTo("Mine to approve");
    assertThat(renamed.approvals().taskKeys()).isEqualTo(TasklistFilterProperties.DEFAULT_APPROVAL_TASKS);
    assertThatThrownBy(() -> new TasklistFilterProperties(
            new TasklistFilterProperties.Definition("Reminders", null), null, null))
        .hasMessageContaining("three different names");
  }
}
