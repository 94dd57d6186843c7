package org.alisw.runbooks.engine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Crash recovery and graceful shutdown of this engine node ({@link EngineNodeProperties}). */
@Configuration(proxyBeanMethods = false)
class EngineNodeConfiguration {

  /** Does nothing without a node id: a random owner per start has no locks of a previous run to find. */
  @Bean
  NodeJobLocksPlugin nodeJobLocksPlugin(EngineNodeProperties properties) {
    return new NodeJobLocksPlugin(properties.nodeId());
  }

  @Bean
  GracefulJobShutdown gracefulJobShutdown(
      EngineNodeProperties properties,
      ObjectProvider<JobExecutor> jobExecutor,
      ObjectProvider<ProcessEngine> processEngine,
      @Qualifier("camundaTaskExecutor") ObjectProvider<TaskExecutor> taskExecutor) {
    JobExecutor jobs = jobExecutor.getIfAvailable();
    TaskExecutor executor = taskExecutor.getIfAvailable();
    if (jobs == null || !(executor instanceof ThreadPoolTaskExecutor pool)) {
      return null;
    }
    return new GracefulJobShutdown(jobs, pool, properties.shutdownWait(), () -> {
      ProcessEngineConfigurationImpl configuration =
          (ProcessEngineConfigurationImpl) processEngine.getObject().getProcessEngineConfiguration();
      return NodeJobLocksPlugin.releaseLocks(
          configuration.getDataSource(), configuration.getDatabaseTablePrefix(), jobs.getLockOwner());
    });
  }
}
