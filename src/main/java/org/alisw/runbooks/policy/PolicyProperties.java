package org.alisw.runbooks.policy;

import jakarta.validation.constraints.NotNull;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The guide's safety rules as configuration.
 *
 * @param hostNamePattern what a server name must look like
 */
@Validated
@ConfigurationProperties("runbooks.policy")
public record PolicyProperties(@NotNull Pattern hostNamePattern) {}
