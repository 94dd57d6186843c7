package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Puppet's detailed exit codes, as the converge loop reads them. */
class PuppetOutcomeTest {

  @ParameterizedTest(name = "exit {0} is {1}")
  @CsvSource({"0, CLEAN", "2, CLEAN", "4, FAILED", "6, FAILED", "1, ERROR", "3, ERROR", "127, ERROR"})
  void classifiesDetailedExitCodes(int exitStatus, PuppetOutcome outcome) {
    assertThat(PuppetOutcome.of(exitStatus)).isEqualTo(outcome);
  }

  @Test
  void classifiesMissingExitStatusAsError() {
    assertThat(PuppetOutcome.of(null)).isEqualTo(PuppetOutcome.ERROR);
  }
}
