package org.alisw.runbooks.policy;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.policy.quorum.*}: how long rebuild-master lets an unhealthy-looking cluster
 * settle before it looks again and refuses. ZooKeeper answers "not currently serving requests" for
 * about 0.4 s while it elects a leader, and Mesos elects its leader after that: a single look in
 * that window would refuse a healthy cluster.
 *
 * @param settleWindow the BPMN timer between the first look and the second
 */
@Validated
@ConfigurationProperties("runbooks.policy.quorum")
public record MasterQuorumProperties(
    @NotNull @DefaultValue("PT3S") Duration settleWindow) {}
