package org.alisw.runbooks.runbook.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.http.AuthMode;
import org.junit.jupiter.api.Test;

/**
 * Preflight's advice after Foreman refuses the engine (401/403) names what the configured
 * authentication needs ({@code runbooks.foreman.auth}), not always the password variables.
 */
class ForemanAdviceTest {

  private final PreflightRequest request = new PreflightRequest(
      Map.of("release-testing", "ALICE Release Testing"),
      new PreflightProperties(
          List.of(), null, List.of("m2.large"), "alibuild", List.of("alibuild/mesos/slave"), List.of("production"),
          "alice-vm-admin", "alice-agile-admin"));

  private String adviceAfter401(ForemanProperties settings) {
    CheckItem item = new CheckHostgroupsDelegate(mock(ConfigManagementPort.class), request, settings)
        .failed(null, new ForemanException(401, "Foreman answered GET /hostgroups with HTTP 401: Unable to authenticate user"));
    assertThat(item.pass()).isFalse();
    return item.whatToDo();
  }

  @Test
  void kerberosAdviceNamesThePrincipalKeytabAndAliasNotThePasswordVariables() {
    ForemanProperties settings = new ForemanProperties();
    settings.setAuth(AuthMode.KERBEROS);
    settings.getKerberos().setPrincipal("runbooks@CERN.CH");
    settings.getKerberos().setKeytab(Path.of("/etc/infra-runbooks/runbooks.keytab"));
    settings.getKerberos().setDereferenceAlias(true);

    String advice = adviceAfter401(settings);

    assertThat(advice)
        .contains("Kerberos", "runbooks@CERN.CH", "/etc/infra-runbooks/runbooks.keytab", "dereference-alias=true", "alice-agile-admin")
        .doesNotContain("FOREMAN_PASSWORD", "FOREMAN_USER", "FOREMAN_TOKEN");
  }

  @Test
  void passwordAdviceNamesUserAndPasswordOnly() {
    ForemanProperties settings = new ForemanProperties();
    settings.setAuth(AuthMode.PASSWORD);

    assertThat(adviceAfter401(settings)).contains("FOREMAN_USER", "FOREMAN_PASSWORD").doesNotContain("FOREMAN_TOKEN", "Kerberos");
  }

  @Test
  void tokenAdviceNamesTheTokenOnly() {
    ForemanProperties settings = new ForemanProperties();
    settings.setAuth(AuthMode.TOKEN);

    assertThat(adviceAfter401(settings)).contains("FOREMAN_TOKEN").doesNotContain("FOREMAN_PASSWORD", "Kerberos");
  }

  @Test
  void withoutAModeTheAdviceNamesEveryCredentialVariableAsBefore() {
    assertThat(adviceAfter401(new ForemanProperties()))
        .contains("FOREMAN_USER/FOREMAN_PASSWORD or FOREMAN_TOKEN").contains("alice-agile-admin");
  }

  @Test
  void aForemanThatDoesNotAnswerGetsTheUrlAdviceWhateverTheMode() {
    ForemanProperties settings = new ForemanProperties();
    settings.setAuth(AuthMode.KERBEROS);
    CheckItem item = new CheckEnvironmentsDelegate(mock(ConfigManagementPort.class), request, settings)
        .failed(null, new ForemanException("Foreman did not answer GET /environments", new java.io.IOException("refused")));

    assertThat(item.whatToDo()).contains("Foreman did not answer: check runbooks.foreman.url");
  }
}
