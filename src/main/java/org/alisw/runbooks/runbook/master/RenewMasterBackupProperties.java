package org.alisw.runbooks.runbook.master;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.renew-master-backup.*}: "Backup of the Mesos Master is done via CERN TSM. This
 * needs to be renewed regularly".
 *
 * @param cycle when the reminder is created: an ISO 8601 repeating interval ({@code
 *     R/2027-01-11T08:00:00Z/P1Y}) or a cron expression (Quartz-style, 6 fields: {@code 0 0 8 11 1 ?})
 * @param dueAfter the reminder task is due this long after it was created
 * @param followUpAfter it shows up in Tasklist's "follow-up" view this long after it was created
 */
@Validated
@ConfigurationProperties("runbooks.renew-master-backup")
public record RenewMasterBackupProperties(
    @NotBlank @DefaultValue("R/2027-01-11T08:00:00Z/P1Y") String cycle,
    @NotNull @DefaultValue("P14D") Period dueAfter,
    @NotNull @DefaultValue("P7D") Period followUpAfter) {}
