package org.alisw.runbooks.ops.metrics;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.ops.metrics.*}.
 *
 * @param gaugeRefresh how often the gauges (open incidents, waiting tasks) query the engine; a
 *     scrape reads the last snapshot and never queries
 * @param failedEndEvents end event ids that mean "the runbook did not do what it was started for"
 *     (counted in {@code runbooks_failed_total}, the others in {@code runbooks_completed_total})
 */
@Validated
@ConfigurationProperties("runbooks.ops.metrics")
public record MetricsProperties(
    @DefaultValue("PT30S") @NotNull Duration gaugeRefresh,
    @DefaultValue(".*(not_|abandon|fail|error|given_up|overdue|reject|problems).*") @NotNull Pattern failedEndEvents) {}
