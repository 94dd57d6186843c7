package org.alisw.runbooks.policy;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.policy.quorum.*}: how long a quorum check may keep asking before it refuses.
 * ZooKeeper answers "not currently serving requests" for about 0.4 s while it elects a leader, and
 * Mesos elects its leader after that: a single look in that window would refuse a healthy cluster.
 *
 * @param settleWindow how long a check re-asks an unhealthy cluster before it refuses
 * @param settleInterval the pause between two looks inside the window
 */
@Validated
@ConfigurationProperties("runbooks.policy.quorum")
public record MasterQuorumProperties(
    @NotNull @DefaultValue("PT3S") Duration settleWindow,
    @NotNull @DefaultValue("PT0.5S") Duration settleInterval) {}
