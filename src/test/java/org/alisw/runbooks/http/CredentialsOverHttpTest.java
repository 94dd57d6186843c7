package org.alisw.runbooks.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.certmgr.CertmgrConfiguration;
import org.alisw.runbooks.roger.MachineStatePort;
import org.alisw.runbooks.roger.RogerConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Start-up validation of runbooks.certmgr and runbooks.roger, as runbooks.foreman has it:
 * credentials never over plain HTTP unless that exact URL is allowed (a simulator on loopback).
 */
class CredentialsOverHttpTest {

  private final ApplicationContextRunner startUp =
      new ApplicationContextRunner()
          .withUserConfiguration(CertmgrConfiguration.class, RogerConfiguration.class)
          .withPropertyValues(
              "runbooks.certmgr.url=https://baby01.cern.ch:8008", "runbooks.roger.url=https://woger.cern.ch:8201");

  @ParameterizedTest
  @ValueSource(strings = {"certmgr", "roger"})
  void refusesToStartWithCredentialsForAPlainHttpUrl(String system) {
    startUp
        .withPropertyValues(
            "runbooks." + system + ".url=http://" + system + ".cern.ch:8008",
            "runbooks." + system + ".username=svc",
            "runbooks." + system + ".password=never-shown-pw")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("runbooks." + system + ".url must be https://")
                  .hasMessageContaining("runbooks." + system + ".allow-insecure-url")
                  .hasMessageNotContaining("never-shown-pw");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"certmgr", "roger"})
  void aTokenAloneIsACredentialAndTheAllowedUrlMustMatchExactly(String system) {
    startUp
        .withPropertyValues("runbooks." + system + ".url=http://127.0.0.1:18008", "runbooks." + system + ".token=t0ken")
        .run(context -> assertThat(context).hasFailed());
    startUp
        .withPropertyValues(
            "runbooks." + system + ".url=http://127.0.0.1:18008",
            "runbooks." + system + ".allow-insecure-url=http://127.0.0.1:18009",
            "runbooks." + system + ".token=t0ken")
        .run(context -> assertThat(context).hasFailed());
  }

  @ParameterizedTest
  @ValueSource(strings = {"certmgr", "roger"})
  void startsOverHttpsOrWithTheExactUrlAllowedOrWithoutCredentials(String system) {
    startUp
        .withPropertyValues("runbooks." + system + ".username=svc", "runbooks." + system + ".password=pw")
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(CertificateStaging.class)
                    .hasSingleBean(MachineStatePort.class));
    startUp
        .withPropertyValues(
            "runbooks." + system + ".url=http://127.0.0.1:18008",
            "runbooks." + system + ".allow-insecure-url=http://127.0.0.1:18008",
            "runbooks." + system + ".username=svc",
            "runbooks." + system + ".password=pw")
        .run(context -> assertThat(context).hasNotFailed());
    startUp
        .withPropertyValues("runbooks." + system + ".url=http://127.0.0.1:18008")
        .run(context -> assertThat(context).hasNotFailed());
  }
}
