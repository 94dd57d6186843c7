package org.alisw.runbooks.runbook.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the rebuild and delete runbooks wait, as configuration ({@code runbooks.lifecycle}).
 *
 * @param pollInterval delay between two looks at a rebuilding server or a server/volume going away
 * @param rebuildTimeout how long a rebuild may take before an operator is asked (the guide: "it can
 *     take up to one hour")
 * @param deleteTimeout how long the server and its volumes may take to go away before an operator is asked
 */
@ConfigurationProperties("runbooks.lifecycle")
public record LifecycleProperties(
    @DefaultValue("PT30S") Duration pollInterval,
    @DefaultValue("PT1H") Duration rebuildTimeout,
    @DefaultValue("PT30M") Duration deleteTimeout) {}
