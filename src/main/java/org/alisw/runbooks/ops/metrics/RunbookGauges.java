package org.alisw.runbooks.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges from engine queries, per runbook: open incidents, user tasks waiting, and how long the
 * oldest has waited. {@link #refresh()} runs on a schedule; a scrape reads the last snapshot, so
 * Prometheus never puts load on the database, and every node reports the same shared numbers.
 */
public final class RunbookGauges {

  private static final Logger log = LoggerFactory.getLogger(RunbookGauges.class);

  private final ProcessEngine engine;
  private final Clock clock;
  private final MultiGauge incidents;
  private final MultiGauge tasksWaiting;
  private final MultiGauge oldestTask;

  public RunbookGauges(ProcessEngine engine, MeterRegistry registry, Clock clock) {
    this.engine = engine;
    this.clock = clock;
    this.incidents =
        MultiGauge.builder("runbooks.incidents.open").description("Open incidents (failed steps waiting for an operator)").register(registry);
    this.tasksWaiting =
        MultiGauge.builder("runbooks.tasks.waiting").description("User tasks waiting for a human").register(registry);
    this.oldestTask =
        MultiGauge.builder("runbooks.tasks.waiting.oldest")
            .description("How long the oldest waiting user task has waited")
            .baseUnit("seconds")
            .register(registry);
  }

  /** One snapshot: three queries per deployed runbook. */
  public synchronized void refresh() {
    try {
      List<MultiGauge.Row<?>> incidentRows = new ArrayList<>();
      List<MultiGauge.Row<?>> taskRows = new ArrayList<>();
      List<MultiGauge.Row<?>> oldestRows = new ArrayList<>();
      for (String key : runbookKeys()) {
        Tags tags = Tags.of("runbook", key);
        incidentRows.add(MultiGauge.Row.of(tags, engine.getRuntimeService().createIncidentQuery().processDefinitionKeyIn(key).count()));
        taskRows.add(MultiGauge.Row.of(tags, engine.getTaskService().createTaskQuery().processDefinitionKey(key).count()));
        List<Task> oldest =
            engine.getTaskService().createTaskQuery().processDefinitionKey(key).orderByTaskCreateTime().asc().listPage(0, 1);
        double seconds =
            oldest.isEmpty() ? 0 : Duration.between(oldest.get(0).getCreateTime().toInstant(), clock.instant()).toMillis() / 1000.0;
        oldestRows.add(MultiGauge.Row.of(tags, Math.max(0, seconds)));
      }
      incidents.register(incidentRows, true);
      tasksWaiting.register(taskRows, true);
      oldestTask.register(oldestRows, true);
    } catch (RuntimeException e) {
      log.warn("Runbook gauges not refreshed: {}", e.toString());
    }
  }

  private TreeSet<String> runbookKeys() {
    TreeSet<String> keys = new TreeSet<>();
    for (ProcessDefinition d : engine.getRepositoryService().createProcessDefinitionQuery().latestVersion().list()) {
      keys.add(d.getKey());
    }
    return keys;
  }
}
