package org.alisw.runbooks.runbook.verify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The waits and bounds of {@code verify-host} (docs/configuration.md, section verify-host). Each
 * wait is a persisted timer loop in the BPMN: look every {@code *Interval}, hand over to an
 * operator after {@code *Timeout}.
 *
 * @param activeTimeout how long Nova may take to report the server ACTIVE
 * @param activeInterval delay between two looks at Nova
 * @param pingTimeout how long the host may take to answer ping once ACTIVE
 * @param pingInterval delay between two pings
 * @param sshTimeout how long the SSH daemon may take to show its key and let root in
 * @param sshInterval delay between two SSH attempts
 * @param puppetAttempts puppet runs before the operator is asked (and granted again per retry)
 * @param puppetRetryDelay delay between two puppet runs
 * @param consoleLines how many of the console's last lines are searched for cloud-init's host key
 *     fingerprints (0: all)
 * @param outputKept characters of each puppet run's output kept in the runbook's history (one text
 *     variable per run; Camunda keeps at most 4000 characters in a text variable)
 */
@Validated
@ConfigurationProperties("runbooks.verify-host")
public record VerifyHostProperties(
    @DefaultValue("PT20M") @NotNull Duration activeTimeout,
    @DefaultValue("PT30S") @NotNull Duration activeInterval,
    @DefaultValue("PT10M") @NotNull Duration pingTimeout,
    @DefaultValue("PT15S") @NotNull Duration pingInterval,
    @DefaultValue("PT15M") @NotNull Duration sshTimeout,
    @DefaultValue("PT20S") @NotNull Duration sshInterval,
    @DefaultValue("5") @Min(1) @Max(50) int puppetAttempts,
    @DefaultValue("PT2M") @NotNull Duration puppetRetryDelay,
    @DefaultValue("400") @Min(0) int consoleLines,
    @DefaultValue("3000") @Min(200) @Max(3800) int outputKept) {}
