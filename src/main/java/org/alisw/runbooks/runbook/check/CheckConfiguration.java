package org.alisw.runbooks.runbook.check;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two verdicts the check runbooks end with: one summarizing delegate each. */
@Configuration(proxyBeanMethods = false)
class CheckConfiguration {

  /** Sets {@code preflightPassed}. */
  @Bean
  SummarizeChecksDelegate summarizePreflight() {
    return new SummarizeChecksDelegate("preflightPassed");
  }

  /** Sets {@code masterVerified}, what verify-master returns to its caller. */
  @Bean
  SummarizeChecksDelegate summarizeMasterChecks() {
    return new SummarizeChecksDelegate("masterVerified");
  }
}
