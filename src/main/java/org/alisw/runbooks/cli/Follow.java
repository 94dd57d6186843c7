package org.alisw.runbooks.cli;

import static org.alisw.runbooks.cli.EngineClient.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code runbook follow}: polls the runbook's history and prints each step as it starts and each
 * puppet run's output as it arrives, under a progress bar over the runbook's steps showing the
 * current one; returns the outcome's exit code (completed 0; ended where the BPMN says the job was
 * not done, failed or cancelled 1; waiting for a human 3).
 */
final class Follow {

  static final int WIDTH = 100;

  private final EngineClient engine;
  private final PrintStream out;
  private final Duration interval;
  private final boolean progressBar;
  private final Set<String> shownActivities = new HashSet<>();
  private final Set<String> shownOutput = new HashSet<>();
  private ProgressBar bar;
  private boolean suspendedShown;

  Follow(EngineClient engine, PrintStream out, Duration interval, boolean progressBar) {
    this.engine = engine;
    this.out = out;
    this.interval = interval;
    this.progressBar = progressBar;
  }

  int follow(String instanceId) throws InterruptedException {
    RunbookState state = RunbookState.take(engine, instanceId);
    BpmnModel model = model(state.root().path("processDefinitionId").asText());
    int steps = model.stepCount();
    line(state.key() + " " + state.id() + " (started " + Format.time(state.root().path("startTime").asText()) + " by "
        + Format.orDash(state.root().path("startUserId").asText(null)) + ")");
    if (progressBar) {
      bar = new ProgressBarBuilder()
          .setTaskName(state.key())
          .setInitialMax(Math.max(1, steps))
          .startsFrom(Math.min(Math.max(1, steps), state.stepsReached()), Duration.ZERO)
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new ConsoleProgressBarConsumer(out, WIDTH))
          .setUpdateIntervalMillis(200)
          .continuousUpdate()
          .hideEta()
          .build();
    }
    try {
      while (true) {
        show(state);
        RunbookState.Outcome outcome = state.outcome(model);
        if (outcome != null) {
          if (bar != null && outcome.exitCode() == Exit.OK) {
            bar.stepTo(bar.getMax());
          }
          closeBar();
          out.println(outcome.message());
          out.flush();
          return outcome.exitCode();
        }
        Thread.sleep(interval.toMillis());
        state = RunbookState.take(engine, instanceId);
      }
    } finally {
      closeBar();
    }
  }

  private BpmnModel model(String definitionId) {
    JsonNode xml = engine.get("/process-definition/" + q(definitionId) + "/xml");
    return BpmnModel.parse(xml.path("bpmn20Xml").asText());
  }

  private void show(RunbookState state) {
    // New steps and new host output, merged in the order they happened (one poll may bring both).
    List<Map.Entry<String, List<String>>> news = new ArrayList<>();
    for (JsonNode activity : state.activities()) {
      String type = activity.path("activityType").asText();
      boolean worthALine = RunbookState.isStep(activity) || type.contains("Timer") || type.endsWith("EndEvent") || type.contains("Boundary");
      if (worthALine && shownActivities.add(activity.path("id").asText())) {
        news.add(Map.entry(activity.path("startTime").asText(),
            List.of("[" + Format.time(activity.path("startTime").asText()) + "] " + state.label(activity))));
      }
    }
    for (JsonNode variable : state.hostOutput()) {
      if (shownOutput.add(variable.path("id").asText())) {
        List<String> lines = new ArrayList<>();
        lines.add("--- " + state.keyOf(variable.path("processInstanceId").asText()) + " " + variable.path("name").asText() + " ---");
        for (String text : variable.path("value").asText("").split("\\R")) {
          lines.add("  " + text);
        }
        news.add(Map.entry(variable.path("createTime").asText(), lines));
      }
    }
    news.sort(Map.Entry.comparingByKey());
    news.forEach(item -> item.getValue().forEach(this::line));
    if ("SUSPENDED".equals(state.state()) && !suspendedShown) {
      line("Suspended: nothing runs until it is resumed (runbook resume " + state.id() + ").");
      suspendedShown = true;
    } else if (!"SUSPENDED".equals(state.state())) {
      suspendedShown = false;
    }
    if (bar != null) {
      bar.stepTo(Math.min(bar.getMax(), state.stepsReached()));
      List<String> current = state.currentSteps();
      bar.setExtraMessage(current.isEmpty() ? "" : " " + Format.cut(current.get(current.size() - 1), 40));
    }
  }

  /** A line above the bar: the bar's own line is blanked first, it is drawn again on its next tick. */
  private void line(String text) {
    if (bar != null) {
      out.print("\r" + " ".repeat(WIDTH) + "\r" + text + System.lineSeparator());
    } else {
      out.println(text);
    }
    out.flush();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
