package org.alisw.runbooks.ops.metrics;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.ops.metrics.*}.
 *
 * @param gaugeRefresh how often the gauges (open incidents, waiting tasks) query the engine; a
 *     scrape reads the last snapshot and never queries
 */
@Validated
@ConfigurationProperties("runbooks.ops.metrics")
public record MetricsProperties(
    @DefaultValue("PT30S") @NotNull Duration gaugeRefresh) {}
