package org.alisw.runbooks.runbook.approval;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the approval engine plugin (the starter picks up every ProcessEnginePlugin bean). */
@Configuration(proxyBeanMethods = false)
class ApprovalConfiguration {

  @Bean
  ApprovalPlugin approvalPlugin() {
    return new ApprovalPlugin();
  }
}
