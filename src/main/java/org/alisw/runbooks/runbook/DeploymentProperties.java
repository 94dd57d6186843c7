package org.alisw.runbooks.runbook;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the runbooks come from.
 *
 * @param directory the folder whose {@code *.bpmn}, {@code *.dmn} and {@code *.form} files are
 *     deployed at start-up, relative to the working directory unless absolute
 * @param name the deployment name shown in Cockpit
 */
@Validated
@ConfigurationProperties("runbooks.deployment")
public record DeploymentProperties(@NotBlank String directory, @NotBlank String name) {}
