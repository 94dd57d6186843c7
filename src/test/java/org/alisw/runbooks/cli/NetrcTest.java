package org.alisw.runbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetrcTest {

  @Test
  void findsTheMachineEntryWhateverTheLayout() {
    Netrc netrc = Netrc.parse("""
        machine other.cern.ch login x password y
        machine runbooks.cern.ch
          login operator1
          password "s3cret with space"
        default login anonymous password guest
        """);

    assertThat(netrc.find("runbooks.cern.ch", null)).hasValueSatisfying(e -> {
      assertThat(e.login()).isEqualTo("operator1");
      assertThat(e.password()).isEqualTo("s3cret with space");
    });
    assertThat(netrc.find("RUNBOOKS.cern.ch", "operator1")).isPresent();
    assertThat(netrc.find("unknown.cern.ch", null)).hasValueSatisfying(e -> assertThat(e.login()).isEqualTo("anonymous"));
  }

  @Test
  void aLoginThatDiffersFallsBackToTheDefaultOrNothing() {
    Netrc netrc = Netrc.parse("machine localhost login operator1 password a\nmachine localhost login operator2 password b\n");

    assertThat(netrc.find("localhost", "operator2")).hasValueSatisfying(e -> assertThat(e.password()).isEqualTo("b"));
    assertThat(netrc.find("localhost", "admin")).isEmpty();
  }

  @Test
  void skipsMacrosAndAccounts() {
    Netrc netrc = Netrc.parse("""
        machine ftp.example.org login u password p account acct
        macdef init
        cd /pub
        bin

        machine localhost login operator1 password pw
        """);

    assertThat(netrc.entries()).hasSize(2);
    assertThat(netrc.find("localhost", null)).hasValueSatisfying(e -> assertThat(e.password()).isEqualTo("pw"));
  }

  @Test
  void aBrokenFileSaysWhatIsWrong() {
    assertThatThrownBy(() -> Netrc.parse("machine localhost login"))
        .isInstanceOf(CliException.class).hasMessageContaining("'login' without a value");
    assertThatThrownBy(() -> Netrc.parse("host localhost"))
        .isInstanceOf(CliException.class).hasMessageContaining("unexpected 'host'");
  }
}
