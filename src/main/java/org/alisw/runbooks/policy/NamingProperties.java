package org.alisw.runbooks.policy;

import jakarta.validation.constraints.NotNull;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.policy.naming.*}: the names new machines may get (the guide's {@code
 * <alibuildXX>} and {@code <{{site.exp_prefix}}mesosXX>}).
 *
 * @param agent what a new agent's name must match (whole name)
 * @param master what a new master's name must match (whole name); also how the other masters are
 *     recognised in the OpenStack project
 */
@Validated
@ConfigurationProperties("runbooks.policy.naming")
public record NamingProperties(
    @DefaultValue("alibuild[0-9]{2,}") @NotNull Pattern agent,
    @DefaultValue("alimesos[0-9]{2}") @NotNull Pattern master) {}
