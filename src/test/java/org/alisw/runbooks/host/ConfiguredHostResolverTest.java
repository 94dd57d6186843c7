package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfiguredHostResolverTest {

  @TempDir Path directory;

  @Test
  void appendsDomainSuffixToShortNamesOnTheSshPort() {
    HostResolver resolver = new ConfiguredHostResolver(".cern.ch", 22, null);

    assertThat(resolver.resolve("alibuild01")).isEqualTo(new HostAddress("alibuild01", "alibuild01.cern.ch", 22));
    assertThat(resolver.resolve("alibuild01").knownHostsName()).isEqualTo("alibuild01.cern.ch");
  }

  @Test
  void leavesQualifiedNamesAlone() {
    HostResolver resolver = new ConfiguredHostResolver("cern.ch", 22, null);

    assertThat(resolver.resolve("alimesos01.example.org").address()).isEqualTo("alimesos01.example.org");
  }

  @Test
  void prefersTheAddressFileAndSeesItChange() throws Exception {
    Path file = directory.resolve("hosts");
    Files.writeString(file, "# sandbox\nalibuild01 127.0.0.1:40022\nbroken line here\n");
    HostResolver resolver = new ConfiguredHostResolver(".cern.ch", 22, file);

    assertThat(resolver.resolve("alibuild01")).isEqualTo(new HostAddress("alibuild01", "127.0.0.1", 40022));
    assertThat(resolver.resolve("alibuild01").knownHostsName()).isEqualTo("[127.0.0.1]:40022");
    assertThat(resolver.resolve("alibuild02").address()).isEqualTo("alibuild02.cern.ch");

    Files.writeString(file, "alibuild01 127.0.0.1:40022\nalibuild02 127.0.0.1:40023\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(resolver.resolve("alibuild02")).isEqualTo(new HostAddress("alibuild02", "127.0.0.1", 40023));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alibuild01; reboot", "-oProxyCommand=sh", "ALIBUILD01", "", "a..b", "host name"})
  void refusesWhatIsNotAHostName(String host) {
    HostResolver resolver = new ConfiguredHostResolver(".cern.ch", 22, null);

    assertThatThrownBy(() -> resolver.resolve(host)).isInstanceOf(IllegalArgumentException.class);
  }
}
