package org.alisw.runbooks.ops.health;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.ops.health.*}: how the infrastructure health indicators ask.
 *
 * @param timeout how long one health request waits for a look at OpenStack, Foreman, Mesos or the
 *     trusted host keys; past it the component is DOWN ("no answer within ...") and the look goes
 *     on in the background, its answer kept for the next request
 * @param cacheTtl how long an answer is reused: a load balancer or Prometheus polling every few
 *     seconds does not turn into a Keystone login every few seconds
 * @param foremanHostgroup the hostgroup whose look-up proves that Foreman answers our credentials
 */
@Validated
@ConfigurationProperties("runbooks.ops.health")
public record HealthProperties(
    @DefaultValue("PT5S") @NotNull Duration timeout,
    @DefaultValue("PT30S") @NotNull Duration cacheTtl,
    @DefaultValue("alibuild/mesos/slave") @NotNull String foremanHostgroup) {}
