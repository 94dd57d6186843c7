package org.alisw.runbooks.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

  @Test
  void splitsQuotedWordsLikeAShell() {
    assertThat(ShellWords.split("docker ps --format '{{.Names}}'"))
        .containsExactly("docker", "ps", "--format", "{{.Names}}");
    assertThat(ShellWords.split("docker  pull \"alisw/slc7-builder\""))
        .containsExactly("docker", "pull", "alisw/slc7-builder");
    assertThat(ShellWords.split("echo 'it'\\''s'")).containsExactly("echo", "it's");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hostname; reboot", "docker ps | wc", "echo $(id)", "echo \"$HOME\"", "ls *", "echo 'open"})
  void refusesWhatItCannotHonestlyExecute(String line) {
    assertThatThrownBy(() -> ShellWords.split(line)).isInstanceOf(ShellWords.UnsupportedSyntax.class);
  }
}
