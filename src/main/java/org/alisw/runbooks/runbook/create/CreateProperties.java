package org.alisw.runbooks.runbook.create;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.create.*}: the site parameters of "Creating an agent" and "Creating a master"
 * (the guide's ai-bs command lines), documented in docs/configuration.md.
 *
 * @param keypair {@code openstack keypair create --public-key alibuild.pub alibuild}
 * @param landbMainUser {@code --landb-mainuser}
 * @param landbResponsible {@code --landb-responsible}
 * @param domain appended to the short name for the FQDN ai-bs names volumes after
 * @param bootTimeout how long a boot may take before an operator is asked
 * @param agent {@code ai-bs -g alibuild/mesos/slave ...}
 * @param master {@code ai-bs -g {{site.master_hostgroup}} ...}
 */
@Validated
@ConfigurationProperties("runbooks.create")
public record CreateProperties(
    @DefaultValue @Valid Keypair keypair,
    @DefaultValue("alice-agile-admin") @NotBlank String landbMainUser,
    @DefaultValue("alice-agile-admin") @NotBlank String landbResponsible,
    @DefaultValue("cern.ch") @NotBlank String domain,
    @DefaultValue("PT30M") @NotNull Duration bootTimeout,
    @DefaultValue("PT10M") @NotNull Duration volumeTimeout,
    @DefaultValue("PT10M") @NotNull Duration deleteTimeout,
    @DefaultValue @Valid Agent agent,
    @DefaultValue @Valid Master master) {

  /**
   * @param name the Nova keypair ({@code --nova-sshkey alibuild})
   * @param publicKey the public key it holds ({@code alibuild.pub}); empty refuses every create
   */
  public record Keypair(@DefaultValue("alibuild") @NotBlank String name, @DefaultValue("") String publicKey) {

    public boolean hasPublicKey() {
      return publicKey != null && !publicKey.isBlank();
    }
  }

  /**
   * One purpose of an agent: which project it lives in and which volume it gets.
   *
   * @param project the OpenStack project key ({@code release-testing} = "ALICE Release Testing")
   * @param volume ai-bs's {@code --nova-attach-new-volume} value, empty for none
   */
  public record Purpose(@NotBlank String project, String volume) {

    public boolean hasVolume() {
      return volume != null && !volume.isBlank();
    }
  }

  /**
   * @param image an image family alias or name; empty for the latest of the default family ({@code --cc7})
   * @param dockerImage {@code docker pull alisw/slc7-builder}
   * @param purposes by name: {@code build} and {@code release-validation}
   */
  public record Agent(
      @DefaultValue("alibuild/mesos/slave") @NotBlank String hostgroup,
      @DefaultValue("production") @NotBlank String environment,
      @DefaultValue("m2.2xlarge") @NotBlank String flavor,
      @DefaultValue("") String image,
      @DefaultValue("alisw/slc7-builder") @NotBlank String dockerImage,
      Map<String, @Valid Purpose> purposes) {

    static final Map<String, Purpose> DEFAULT_PURPOSES =
        Map.of(
            "build", new Purpose("release-testing", "vdb=500GB:type=io1"),
            "release-validation", new Purpose("cloud-tests", ""));

    public Agent {
      purposes = purposes == null || purposes.isEmpty() ? DEFAULT_PURPOSES : new LinkedHashMap<>(purposes);
    }
  }

  /**
   * @param project the OpenStack project key of the masters ({@code {{site.experiment}} Release Testing})
   * @param flavor the guide's {@code {{site.openstack_master_flavor}}}
   * @param image an image family alias or name; empty for the latest of the default family
   * @param volume ai-bs's {@code --nova-attach-new-volume vdb=200GB}
   */
  public record Master(
      @DefaultValue("release-testing") @NotBlank String project,
      @DefaultValue("alibuild/mesos/master") @NotBlank String hostgroup,
      @DefaultValue("alibuild_devel") @NotBlank String environment,
      @DefaultValue("m2.large") @NotBlank String flavor,
      @DefaultValue("") String image,
      @DefaultValue("vdb=200GB") String volume) {}
}
