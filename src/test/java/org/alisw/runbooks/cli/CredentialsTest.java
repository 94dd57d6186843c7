package org.alisw.runbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  private static final URI ENGINE = URI.create("http://runbooks.cern.ch:8080");

  @TempDir Path home;
  private final List<String> prompts = new ArrayList<>();

  private PasswordPrompt typing(String password) {
    return prompt -> {
      prompts.add(prompt);
      return password == null ? null : password.toCharArray();
    };
  }

  @Test
  void theEnvironmentVariableComesFirst() throws IOException {
    netrc("machine runbooks.cern.ch login operator1 password from-netrc");

    Credentials credentials = Credentials.resolve(ENGINE, "operator1", null, Map.of("RUNBOOK_PASSWORD", "from-env"), home, typing("typed"));

    assertThat(new String(credentials.password())).isEqualTo("from-env");
    assertThat(prompts).isEmpty();
  }

  @Test
  void thenTheNetrcEntryOfTheEnginesHostGivingUserAndPassword() throws IOException {
    netrc("machine elsewhere login x password y\nmachine runbooks.cern.ch login operator2 password from-netrc\n");

    Credentials credentials = Credentials.resolve(ENGINE, null, null, Map.of(), home, typing("typed"));

    assertThat(credentials.user()).isEqualTo("operator2");
    assertThat(new String(credentials.password())).isEqualTo("from-netrc");
    assertThat(prompts).isEmpty();
  }

  @Test
  void anExplicitNetrcFileReplacesTheHomeOne() throws IOException {
    netrc("machine runbooks.cern.ch login operator1 password home-one");
    Path other = Files.writeString(home.resolve("other-netrc"), "machine runbooks.cern.ch login operator1 password other-one");

    Credentials credentials = Credentials.resolve(ENGINE, "operator1", other, Map.of(), home, typing(null));

    assertThat(new String(credentials.password())).isEqualTo("other-one");
  }

  @Test
  void thenThePromptNamingUserAndHost() {
    Credentials credentials = Credentials.resolve(ENGINE, "operator1", null, Map.of(), home, typing("typed"));

    assertThat(new String(credentials.password())).isEqualTo("typed");
    assertThat(prompts).containsExactly("Password for operator1 at runbooks.cern.ch: ");
  }

  @Test
  void theNetrcPasswordOfAnotherLoginIsNotUsed() throws IOException {
    netrc("machine runbooks.cern.ch login operator2 password not-mine");

    Credentials credentials = Credentials.resolve(ENGINE, "operator1", null, Map.of(), home, typing("typed"));

    assertThat(new String(credentials.password())).isEqualTo("typed");
  }

  @Test
  void withoutTerminalNorPasswordItSaysWhereToPutOne() {
    assertThatThrownBy(() -> Credentials.resolve(ENGINE, "operator1", null, Map.of(), home, typing(null)))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("RUNBOOK_PASSWORD").hasMessageContaining("~/.netrc")
        .extracting(e -> ((CliException) e).exitCode()).isEqualTo(Exit.NOT_CONNECTED);
  }

  @Test
  void withoutUserItAsksForOne() {
    assertThatThrownBy(() -> Credentials.resolve(ENGINE, null, null, Map.of("RUNBOOK_PASSWORD", "x"), home, typing(null)))
        .isInstanceOf(CliException.class).hasMessageContaining("--user");
    assertThat(Credentials.resolve(ENGINE, null, null, Map.of("RUNBOOK_USER", "operator2", "RUNBOOK_PASSWORD", "x"), home, typing(null)).user())
        .isEqualTo("operator2");
  }

  @Test
  void aMissingNetrcFileIsAnError() {
    assertThatThrownBy(() -> Credentials.resolve(ENGINE, "u", home.resolve("nope"), Map.of(), home, typing("x")))
        .isInstanceOf(CliException.class).hasMessageContaining("--netrc-file");
  }

  @Test
  void neverPrintsThePassword() {
    assertThat(new Credentials("operator1", "secret".toCharArray()).toString()).doesNotContain("secret");
  }

  private void netrc(String text) throws IOException {
    Files.writeString(home.resolve(".netrc"), text);
  }
}
