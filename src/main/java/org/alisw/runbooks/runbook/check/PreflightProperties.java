package org.alisw.runbooks.runbook.check;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.preflight.*}: what the preflight ("Getting access to the OpenStack / Puppet
 * infrastructure") expects to find. Documented in docs/configuration.md.
 *
 * @param projects the OpenStack project keys to check; empty for every configured project
 *     ({@code runbooks.openstack.projects})
 * @param imageFamily the image family whose latest image must exist; empty for {@code
 *     runbooks.openstack.default-image-family} (the guide's {@code {{site.openstack_image}}})
 * @param flavors the flavors the guide boots with ({@code m2.2xlarge} for agents, the master
 *     flavor)
 * @param keypair the keypair ai-bs injects ({@code --nova-sshkey alibuild})
 * @param hostgroups the Foreman hostgroups of the masters and agents
 * @param environments the Puppet environments the guide registers hosts in
 * @param openstackEgroup the egroup that gives OpenStack rights, named in what to do
 * @param puppetEgroup the egroup that gives Puppet (Foreman) rights, named in what to do
 */
@Validated
@ConfigurationProperties("runbooks.preflight")
public record PreflightProperties(
    List<String> projects,
    String imageFamily,
    @DefaultValue({"m2.2xlarge", "m2.large"}) List<String> flavors,
    @DefaultValue("alibuild") @NotBlank String keypair,
    @DefaultValue({"alibuild/mesos/master", "alibuild/mesos/slave"}) List<String> hostgroups,
    @DefaultValue({"production", "alibuild_devel"}) List<String> environments,
    @DefaultValue("alice-vm-admin") @NotBlank String openstackEgroup,
    @DefaultValue("alice-agile-admin") @NotBlank String puppetEgroup) {

  public PreflightProperties {
    projects = projects == null ? List.of() : List.copyOf(projects);
    imageFamily = imageFamily == null || imageFamily.isBlank() ? null : imageFamily.trim();
    flavors = flavors == null ? List.of() : List.copyOf(flavors);
    hostgroups = hostgroups == null ? List.of() : List.copyOf(hostgroups);
    environments = environments == null ? List.of() : List.copyOf(environments);
  }
}
