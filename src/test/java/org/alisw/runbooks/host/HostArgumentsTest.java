package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host names as the start-time policy sees them: {@code runbooks.policy.host-name-pattern}'s
 * default, a DNS label starting with a letter, plus an optional domain; addresses (address file
 * targets) may also be IP addresses.
 */
class HostArgumentsTest {

  /** The default of runbooks.policy.host-name-pattern (docs/configuration.md, Policy). */
  private static final Pattern POLICY_DEFAULT = Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");

  private static final String LONGEST_LABEL = "a" + "b".repeat(61) + "1";

  static Stream<String> shortNames() {
    return Stream.of(
        "a", "alibuild01", "alimesos02", "a-b", "a1", "ab--cd", LONGEST_LABEL,
        "alibuild-", "-a", "1alibuild", "9", "ALIBUILD01", "Alibuild01", "alibuild_01", "alibuild01 ",
        "", LONGEST_LABEL + "2");
  }

  @ParameterizedTest
  @MethodSource("shortNames")
  void acceptsAShortNameExactlyWhenThePolicyDoes(String name) {
    boolean policy = POLICY_DEFAULT.matcher(name).matches();

    if (policy) {
      assertThat(HostArguments.host(name)).isEqualTo(name);
    } else {
      assertThatThrownBy(() -> HostArguments.host(name)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void edgeCasesOfTheLabel() {
    assertThat(HostArguments.host("a")).isEqualTo("a");
    assertThat(HostArguments.host(LONGEST_LABEL)).hasSize(63);
    assertThatThrownBy(() -> HostArguments.host(LONGEST_LABEL + "2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostArguments.host("alibuild-")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostArguments.host("-a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostArguments.host("Alibuild01")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alibuild01.cern.ch", "alimesos02.cern.ch", "a.b", "alibuild01.1e100.net"})
  void acceptsAPolicyNameWithADomain(String name) {
    assertThat(HostArguments.host(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1alibuild.cern.ch", "127.0.0.1", "alibuild01.", ".cern.ch", "a..b", "alibuild01.-cern.ch",
        "alibuild01.cern-.ch", "alibuild01.CERN.ch"
      })
  void refusesANameWhoseFirstLabelOrDomainIsNotDns(String name) {
    assertThatThrownBy(() -> HostArguments.host(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesANameLongerThanDnsAllows() {
    String label = "a".repeat(63);
    String name = String.join(".", label, label, label, label); // 255 characters

    assertThatThrownBy(() -> HostArguments.host(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.0.12.7", "alibuild01.cern.ch", "1e100.net"})
  void addressesMayAlsoBeIpAddressesOrDigitLedNames(String address) {
    assertThat(HostArguments.address(address)).isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1; reboot", "-oProxyCommand=sh", "", "::1", "a..b"})
  void refusesAddressesThatAreNeither(String address) {
    assertThatThrownBy(() -> HostArguments.address(address)).isInstanceOf(IllegalArgumentException.class);
  }
}
