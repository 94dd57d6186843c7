package org.alisw.runbooks.runbook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long runbooks wait, as configuration.
 *
 * @param statusPollInterval delay between two looks at a server that is not ACTIVE yet
 * @param rebootTimeout how long a hard reboot may take before an operator is asked
 * @param retryCycle the retry cycle of every step that calls the outside (ISO 8601, {@code R3/PT30S}
 *     = 3 retries 30 s apart, then an incident in Cockpit)
 */
@Validated
@ConfigurationProperties("runbooks.timings")
public record RunbookTimings(
    @NotNull Duration statusPollInterval, @NotNull Duration rebootTimeout, @NotBlank String retryCycle) {}
