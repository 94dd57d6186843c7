package org.alisw.runbooks.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runbooks' Micrometer meters (docs/operations.md, "Metrics"). */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

  @Bean
  RunbookMetrics runbookMetrics(MeterRegistry registry, MetricsProperties properties) {
    return new RunbookMetrics(registry);
  }

  @Bean
  MetricsPlugin opsMetricsPlugin(RunbookMetrics metrics) {
    return new MetricsPlugin(metrics);
  }

  @Bean
  RunbookGauges runbookGauges(ProcessEngine engine, MeterRegistry registry) {
    return new RunbookGauges(engine, registry, Clock.systemUTC());
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService opsGaugeScheduler() {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ops-gauges");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts refreshing once the application is ready (the engine has deployed the runbooks). */
  @Bean
  ApplicationListener<ApplicationReadyEvent> opsGaugeRefresh(
      RunbookGauges gauges,
      @Qualifier("opsGaugeScheduler") ScheduledExecutorService scheduler,
      MetricsProperties properties) {
    long period = properties.gaugeRefresh().toMillis();
    return event -> scheduler.scheduleWithFixedDelay(gauges::refresh, 0, period, TimeUnit.MILLISECONDS);
  }
}
