package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The defaults of runbooks.hosts, as the class declares them and as application.yaml sets them. */
class HostsPropertiesTest {

  /** The old default: on Puppet 7, -t switches --show_diff back on after the options are read. */
  static final String LEAKING_TEST_COMMAND = "puppet agent -t -v --no-show_diff";

  private final ApplicationContextRunner startUp =
      new ApplicationContextRunner().withUserConfiguration(WithHostsProperties.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(HostsProperties.class)
  static class WithHostsProperties {}

  static HostsProperties defaults() {
    return new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("runbooks.hosts", HostsProperties.class);
  }

  @Test
  void defaultPuppetRunIsTestSpeltOutWithoutDiffsOrColours() {
    assertThat(defaults().puppet().command())
        .isEqualTo(
            "puppet agent --onetime --no-daemonize --verbose --detailed-exitcodes --no-usecacheonfailure"
                + " --no-splay --no-show_diff --color=false");
  }

  @Test
  void applicationYamlKeepsFileDiffsOutOfPuppetOutput() throws IOException {
    List<PropertySource<?>> yaml =
        new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"));
    // Placeholders (${...}) elsewhere in the section stay unresolved; the command has none.
    HostsProperties properties =
        new Binder(ConfigurationPropertySources.from(yaml)).bindOrCreate("runbooks.hosts", HostsProperties.class);

    assertThat(properties.puppet().command()).isEqualTo(HostsProperties.DEFAULT_PUPPET_COMMAND);
  }

  @Test
  void theDefaultCommandPassesStartUpValidation() {
    startUp.run(context -> assertThat(context).hasNotFailed());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "puppet agent -t -v --no-show_diff | must not use -t/--test: puppet 7 turns --show_diff back on",
        "puppet agent --test --no-show_diff --onetime --no-daemonize --detailed-exitcodes | must not use -t/--test",
        "puppet agent -vt --no-show_diff --onetime --no-daemonize --detailed-exitcodes | must not use -t/--test",
        "puppet agent --onetime --no-daemonize --verbose --no-show_diff | must contain --detailed-exitcodes",
        "puppet agent --onetime --no-daemonize --verbose --detailed-exitcodes | must contain --no-show_diff",
        "puppet agent --onetime --no-daemonize --detailed-exitcodes --no-show_diff --show_diff | must not use --show_diff",
        "puppet agent --verbose --detailed-exitcodes --no-show_diff | must contain --onetime and --no-daemonize",
      })
  void aPuppetCommandThatLeaksOrMisleadsIsRefusedAtStartUpSayingWhy(String command, String reason) {
    startUp
        .withPropertyValues("runbooks.hosts.puppet.command=" + command)
        .run(
            context -> {
              assertThat(context).hasFailed();
              // Spring Boot reports this as "Property: runbooks.hosts.puppet.command ... Reason: ...".
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("runbooks.hosts")
                  .hasMessageContaining("field 'puppet.command'")
                  .hasMessageContaining(reason);
            });
  }

  @Test
  void wordsThatOnlyContainTAreNotTheTestOption() {
    assertThat(
            PuppetAgentCommandValidator.problems(
                HostsProperties.DEFAULT_PUPPET_COMMAND + " --tags=osrepos --environment=alibuild_devel"))
        .isEmpty();
  }
}
