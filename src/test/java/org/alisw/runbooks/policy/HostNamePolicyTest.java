package org.alisw.runbooks.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default rule (application.yaml): one DNS label, lower case, as the SSH layer accepts. */
class HostNamePolicyTest {

  private final HostNamePolicy policy =
      new HostNamePolicy(Pattern.compile("[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"));

  @ParameterizedTest
  @ValueSource(strings = {"alibuild07", "alimesos02", "a", "ali-build-1"})
  void acceptsDnsLabels(String name) {
    assertThat(policy.requireValid(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alibuild-", "-alibuild", "Alibuild07", "alibuild07.cern.ch", "ali build", "alibuild07;reboot", "7alibuild"})
  void refusesAnythingElseSayingWhatIsExpected(String name) {
    assertThatThrownBy(() -> policy.requireValid(name))
        .isInstanceOf(PolicyViolation.class)
        .hasMessageContaining("'" + name + "' is not a valid server name");
  }

  @Test
  void refusesLabelsLongerThanDnsAllows() {
    assertThat(policy.requireValid("a".repeat(63))).hasSize(63);
    assertThatThrownBy(() -> policy.requireValid("a".repeat(64))).isInstanceOf(PolicyViolation.class);
  }

  @Test
  void asksForANameWhenNoneIsGiven() {
    assertThatThrownBy(() -> policy.requireValid(" ")).hasMessageContaining("A server name is required");
    assertThatThrownBy(() -> policy.requireValid(null)).hasMessageContaining("A server name is required");
  }
}
