package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The defaults of runbooks.hosts, as the class declares them and as application.yaml sets them. */
class HostsPropertiesTest {

  static HostsProperties defaults() {
    return new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("runbooks.hosts", HostsProperties.class);
  }

  @Test
  void defaultPuppetRunPrintsNoFileDiffs() {
    assertThat(defaults().puppet().command()).isEqualTo("puppet agent -t -v --no-show_diff");
  }

  @Test
  void applicationYamlKeepsFileDiffsOutOfPuppetOutput() throws IOException {
    List<PropertySource<?>> yaml =
        new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"));
    // Placeholders (${...}) elsewhere in the section stay unresolved; the command has none.
    HostsProperties properties =
        new Binder(ConfigurationPropertySources.from(yaml)).bindOrCreate("runbooks.hosts", HostsProperties.class);

    assertThat(properties.puppet().command()).isEqualTo("puppet agent -t -v --no-show_diff");
  }
}
