package org.alisw.runbooks.cli;

import static org.alisw.runbooks.cli.EngineClient.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code approve} and {@code reject}: completes an approval task the way its form does. The
 * runbook's BPMN says which tasks are approvals and what they take: {@code <camunda:property
 * name="runbook.approval" value="DECISION"/>} names the decision variable ({@code approve | reject},
 * from {@code runbook.input.DECISION}), and the other {@code runbook.input.*} text input holds the
 * notes ({@code text} = required). The task is claimed first when nobody holds it; the engine
 * enforces four-eyes (the requester can neither claim nor approve) and prints why it refuses.
 */
final class TaskDecision {

  static final String APPROVAL = "runbook.approval";
  static final String INPUT = "runbook.input.";

  private TaskDecision() {}

  /** What an approval task takes, from its BPMN properties. */
  record ApprovalInputs(String decision, List<String> decisionValues, String notes, boolean notesRequired) {

    static ApprovalInputs of(String taskName, Map<String, String> properties) {
      String decision = properties.get(APPROVAL);
      if (decision == null || decision.isBlank()) {
        List<String> inputs = properties.keySet().stream().filter(k -> k.startsWith(INPUT)).map(k -> k.substring(INPUT.length())).toList();
        throw new CliException(Exit.REFUSED, "Task '" + taskName + "' is not an approval (it takes " + (inputs.isEmpty() ? "no declared input" : inputs)
            + "): complete it in Tasklist.");
      }
      String declaration = properties.getOrDefault(INPUT + decision, "");
      List<String> values = Arrays.stream(declaration.split("\\|")).map(String::trim).filter(v -> !v.isEmpty()).toList();
      String notes = null;
      boolean required = false;
      for (Map.Entry<String, String> property : properties.entrySet()) {
        String value = property.getValue().trim();
        if (property.getKey().startsWith(INPUT) && !property.getKey().equals(INPUT + decision)
            && (value.equals("text") || value.equals("optional text"))) {
          notes = property.getKey().substring(INPUT.length());
          required = value.equals("text");
          break;
        }
      }
      return new ApprovalInputs(decision, values, notes, required);
    }

    /** The variables completing the task with {@code choice} and {@code text}. */
    Map<String, Object> variables(String choice, String text) {
      if (!decisionValues.contains(choice)) {
        throw new CliException(Exit.REFUSED, "This approval takes " + decision + " = " + decisionValues + ", not '" + choice + "'.");
      }
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put(decision, Map.of("value", choice, "type", "String"));
      if (notes != null && text != null && !text.isBlank()) {
        variables.put(notes, Map.of("value", text, "type", "String"));
      } else if (notesRequired) {
        throw new CliException(Exit.REFUSED, "This approval needs a note (" + notes + "): add --notes TEXT.");
      }
      return variables;
    }
  }

  abstract static class Decide extends RunbookCli.Sub {
    @Parameters(paramLabel = "TASK", description = "The task id (see tasks).")
    String taskId;

    abstract String choice();

    abstract String text();

    @Override
    public Integer call() {
      EngineClient engine = engine();
      JsonNode task = task(engine);
      String definitionXml = engine.get("/process-definition/" + q(task.path("processDefinitionId").asText()) + "/xml").path("bpmn20Xml").asText();
      ApprovalInputs inputs = ApprovalInputs.of(task.path("name").asText(),
          BpmnModel.parse(definitionXml).properties(task.path("taskDefinitionKey").asText()));
      Map<String, Object> variables = inputs.variables(choice(), text());
      String assignee = task.path("assignee").isNull() || task.path("assignee").isMissingNode() ? null : task.path("assignee").asText();
      boolean claimed = false;
      if (assignee == null) {
        engine.post("/task/" + q(taskId) + "/claim", Map.of("userId", engine.user()));
        claimed = true;
      } else if (!assignee.equals(engine.user())) {
        throw new CliException(Exit.REFUSED, "Task " + taskId + " is assigned to " + assignee + ", not to you (" + engine.user() + ").");
      }
      try {
        engine.post("/task/" + q(taskId) + "/complete", Map.of("variables", variables));
      } catch (EngineException refused) {
        if (claimed) {
          unclaimQuietly(engine);
        }
        throw refused;
      }
      out().println((choice().equals("approve") ? "Approved" : "Rejected") + " '" + task.path("name").asText() + "' (task " + taskId + ") as "
          + engine.user() + ": runbook instance " + task.path("processInstanceId").asText());
      return Exit.OK;
    }

    private JsonNode task(EngineClient engine) {
      try {
        return engine.get("/task/" + q(taskId));
      } catch (EngineException e) {
        if (e.status() == 404) {
          throw new CliException(Exit.REFUSED, "No open task " + taskId + " (done already, or you may not see it).");
        }
        throw e;
      }
    }

    private void unclaimQuietly(EngineClient engine) {
      try {
        engine.post("/task/" + q(taskId) + "/unclaim", null);
      } catch (EngineException ignored) {
        // the refusal is what matters; the claim then stays with this user
      }
    }
  }

  @Command(name = "approve", description = "Approve approval task TASK (four-eyes: not the runbook's requester).")
  static final class Approve extends Decide {
    @Option(names = "--notes", paramLabel = "TEXT", description = "Your note (required by some approvals).")
    String notes;

    @Override
    String choice() {
      return "approve";
    }

    @Override
    String text() {
      return notes;
    }
  }

  @Command(name = "reject", description = "Reject approval task TASK with a reason.")
  static final class Reject extends Decide {
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (kept in the runbook's history).")
    String reason;

    @Override
    String choice() {
      return "reject";
    }

    @Override
    String text() {
      return reason;
    }
  }
}
