package org.alisw.runbooks.host;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the runbooks reach the machines: addressing, SSH as root with verified host keys, ping,
 * puppet and docker. Documented in docs/configuration.md (section Hosts).
 *
 * @param domainSuffix appended to a host name without a dot ({@code alibuild01} → {@code
 *     alibuild01.cern.ch})
 * @param sshPort the SSH port of every host not listed in the address file
 * @param addressFile optional file of {@code name address[:port]} lines that takes precedence over
 *     DNS; empty for none
 */
@Validated
@ConfigurationProperties("runbooks.hosts")
public record HostsProperties(
    @DefaultValue(".cern.ch") @Pattern(regexp = "|\\.?[a-z0-9.-]+") String domainSuffix,
    @DefaultValue("22") @Min(1) @Max(65535) int sshPort,
    @DefaultValue("") String addressFile,
    @DefaultValue @Valid Ssh ssh,
    @DefaultValue @Valid Ping ping,
    @DefaultValue @Valid Puppet puppet,
    @DefaultValue @Valid Docker docker) {

  /**
   * SSH client settings.
   *
   * @param passphraseEnv name of the environment variable holding the identity file's passphrase
   *     (the passphrase itself never appears in configuration)
   * @param outputLimit the tail of stdout and of stderr kept per command
   */
  public record Ssh(
      @DefaultValue("root") @NotBlank String user,
      @DefaultValue("") String identityFile,
      @DefaultValue("RUNBOOKS_SSH_PASSPHRASE") String passphraseEnv,
      @DefaultValue("") String knownHostsFile,
      @DefaultValue("PT15S") @NotNull Duration connectTimeout,
      @DefaultValue("PT2M") @NotNull Duration commandTimeout,
      @DefaultValue("64KB") @NotNull DataSize outputLimit) {}

  /** How "ping it" is done: {@code icmp} runs the system ping, {@code ssh-port} probes port 22. */
  public record Ping(
      @DefaultValue("icmp") @NotNull PingMethod method,
      @DefaultValue("ping -n -c {count} -w {deadline} {address}") @NotBlank String command,
      @DefaultValue("3") @Min(1) @Max(20) int count,
      @DefaultValue("PT5S") @NotNull Duration timeout) {}

  /**
   * The puppet run of "run puppet agent -t -v until no errors are reported".
   *
   * @param command {@code -t} spelt out without its {@code --show_diff}: on Puppet 7 {@code -t}
   *     turns the diff of changed files (secrets) back on even beside {@code --no-show_diff}, and
   *     the output becomes process history; refused at start-up when it would leak or mislead
   *     ({@link PuppetAgentCommandValidator})
   * @param timeout the limit the host enforces with coreutils {@code timeout}
   */
  public record Puppet(
      @DefaultValue(DEFAULT_PUPPET_COMMAND)
          @Pattern(regexp = RemoteCommand.SAFE_COMMAND_LINE)
          @PuppetAgentCommand
          String command,
      @DefaultValue("PT30M") @NotNull Duration timeout) {}

  /** {@code puppet agent -t -v} with exactly the parts of {@code -t} we want, no diff, no colours. */
  public static final String DEFAULT_PUPPET_COMMAND =
      "puppet agent --onetime --no-daemonize --verbose --detailed-exitcodes --no-usecacheonfailure"
          + " --no-splay --no-show_diff --color=false";

  /**
   * Docker on the hosts.
   *
   * @param pullTimeout the limit the host enforces on one {@code docker pull} with coreutils {@code
   *     timeout}
   * @param requiredContainers per role (master, agent), the containers that must be running
   */
  public record Docker(
      @DefaultValue("PT15M") @NotNull Duration pullTimeout,
      @NotNull Map<String, List<String>> requiredContainers) {

    public Docker {
      requiredContainers =
          requiredContainers == null || requiredContainers.isEmpty()
              ? Map.of(
                  "master",
                  List.of("mesos-master", "zookeeper", "marathon", "aurora-scheduler", "mesos-dns"),
                  "agent",
                  List.of())
              : Map.copyOf(requiredContainers);
    }
  }

  /** The probe behind {@link Reachability}. */
  public enum PingMethod {
    /** ICMP echo through the system's ping command. */
    ICMP,
    /** A TCP connection to the SSH port answered by an SSH identification line. */
    SSH_PORT
  }
}
