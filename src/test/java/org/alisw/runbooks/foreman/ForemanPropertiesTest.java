package org.alisw.runbooks.foreman;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Start-up validation of runbooks.foreman: credentials never over plain HTTP by accident. */
class ForemanPropertiesTest {

  private final ApplicationContextRunner startUp =
      new ApplicationContextRunner()
          .withUserConfiguration(ForemanConfiguration.class)
          .withPropertyValues("runbooks.foreman.domain=cern.ch");

  @Test
  void refusesToStartWithCredentialsForAPlainHttpForeman() {
    startUp
        .withPropertyValues(
            "runbooks.foreman.url=http://judy.cern.ch:8443", "runbooks.foreman.username=svc", "runbooks.foreman.password=pw")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("runbooks.foreman.url must be https:// when Foreman credentials are configured")
                  .hasMessageContaining("runbooks.foreman.allow-insecure-url");
            });
  }

  @Test
  void aTokenAloneIsACredentialToo() {
    startUp
        .withPropertyValues("runbooks.foreman.url=http://judy.cern.ch:8443", "runbooks.foreman.token=t0ken")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void anAllowedUrlMustMatchExactly() {
    startUp
        .withPropertyValues(
            "runbooks.foreman.url=http://127.0.0.1:18443",
            "runbooks.foreman.allow-insecure-url=http://127.0.0.1:18444",
            "runbooks.foreman.username=svc",
            "runbooks.foreman.password=pw")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void startsOverHttpsOrWithTheExactUrlAllowedOrWithoutCredentials() {
    startUp
        .withPropertyValues(
            "runbooks.foreman.url=https://judy.cern.ch:8443", "runbooks.foreman.username=svc", "runbooks.foreman.password=pw")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ConfigManagementPort.class));
    startUp
        .withPropertyValues(
            "runbooks.foreman.url=http://127.0.0.1:18443",
            "runbooks.foreman.allow-insecure-url=http://127.0.0.1:18443",
            "runbooks.foreman.username=svc",
            "runbooks.foreman.password=pw")
        .run(context -> assertThat(context).hasNotFailed());
    startUp
        .withPropertyValues("runbooks.foreman.url=http://127.0.0.1:18443")
        .run(context -> assertThat(context).hasNotFailed());
  }
}
