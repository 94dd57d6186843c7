package org.alisw.runbooks.ops;

import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/** An in-memory engine of its own (own name, own database) with the plugins under test. */
public final class OpsTestEngine {

  private OpsTestEngine() {}

  public static ProcessEngine build(ProcessEnginePlugin... plugins) {
    String name = "ops-test-" + UUID.randomUUID();
    StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
    configuration.setProcessEngineName(name);
    configuration.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory("full");
    configuration.setProcessEnginePlugins(List.of(plugins));
    return configuration.buildProcessEngine();
  }

  public static void deploy(ProcessEngine engine, BpmnModelInstance... models) {
    var deployment = engine.getRepositoryService().createDeployment();
    for (BpmnModelInstance model : models) {
      String key = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Process.class).iterator().next().getId();
      deployment.addModelInstance(key + ".bpmn", model);
    }
    deployment.deploy();
  }

  /** Runs the process instance's next job; a failing job's exception is swallowed (retries, incident). */
  public static void executeJob(ProcessEngine engine, String processInstanceId) {
    var job = engine.getManagementService().createJobQuery().processInstanceId(processInstanceId).singleResult();
    try {
      engine.getManagementService().executeJob(job.getId());
    } catch (RuntimeException expected) {
      // The engine recorded the failure (retries decremented, incident at the last one).
    }
  }
}
