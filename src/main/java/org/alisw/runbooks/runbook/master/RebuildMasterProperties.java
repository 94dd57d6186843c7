package org.alisw.runbooks.runbook.master;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.rebuild-master.*}: the leadership hand-over before a leading master is rebuilt.
 *
 * @param handOverPollInterval delay between two looks at the Mesos leader after the restart
 * @param handOverTimeout how long the hand-over may take before the state is looked at again and,
 *     if the master still leads, an operator is asked
 */
@Validated
@ConfigurationProperties("runbooks.rebuild-master")
public record RebuildMasterProperties(
    @NotNull @DefaultValue("PT5S") Duration handOverPollInterval,
    @NotNull @DefaultValue("PT5M") Duration handOverTimeout) {}
