package org.alisw.runbooks.runbook.check;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.verify-master.*}: where the checklist looks for a master. Documented in
 * docs/configuration.md.
 *
 * @param project the OpenStack project key the masters live in; empty for {@code
 *     runbooks.openstack.default-project}
 * @param containerRole the role whose containers must run ({@code runbooks.hosts.docker.required-containers.<role>})
 */
@Validated
@ConfigurationProperties("runbooks.verify-master")
public record VerifyMasterProperties(String project, @DefaultValue("master") @NotBlank String containerRole) {}
