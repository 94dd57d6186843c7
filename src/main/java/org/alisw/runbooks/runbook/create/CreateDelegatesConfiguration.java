package org.alisw.runbooks.runbook.create;

import org.alisw.runbooks.roger.MachineStatePort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The two Roger steps: one delegate class, two beans the BPMN names. */
@Configuration(proxyBeanMethods = false)
class CreateDelegatesConfiguration {

  /** Named {@code createRunbooks} so that BPMN reads {@code ${createRunbooks.bootTimeout}}. */
  @Bean(name = "createRunbooks")
  CreateSettings createSettings(CreateProperties properties) {
    return new CreateSettings(properties);
  }

  @Bean
  SetMachineStateDelegate setRogerNewMachine(MachineStatePort roger) {
    return new SetMachineStateDelegate(roger, false);
  }

  @Bean
  SetMachineStateDelegate setRogerProduction(MachineStatePort roger) {
    return new SetMachineStateDelegate(roger, true);
  }
}
