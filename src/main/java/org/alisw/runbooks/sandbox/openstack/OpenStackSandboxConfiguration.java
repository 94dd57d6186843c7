package org.alisw.runbooks.sandbox.openstack;

import java.time.Duration;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.openstack.SimulatedKeystone.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The simulated OpenStack of the sandbox profile, on {@code sandbox.port.openstack}, with the two
 * projects of the guide and one user; application-sandbox.yaml points runbooks.openstack at it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class OpenStackSandboxConfiguration {

  @Bean(destroyMethod = "close")
  OpenStackSimulator openStackSimulator(
      SimulatedDataCentre dataCentre,
      @Value("${runbooks.sandbox.openstack.port}") int port,
      @Value("${runbooks.sandbox.openstack.region:cern}") String region,
      @Value("${runbooks.sandbox.openstack.username}") String username,
      @Value("${runbooks.sandbox.openstack.password}") String password,
      @Value("${runbooks.sandbox.openstack.token-lifetime:PT1H}") Duration tokenLifetime) {
    OpenStackSimulator simulator = OpenStackSimulator.start(dataCentre, port, region);
    SimulatedKeystone keystone = simulator.keystone();
    keystone.setTokenLifetime(tokenLifetime);
    User user = keystone.addUser(username, password, "Default");
    keystone.addProject("release-testing", "ALICE Release Testing", "Default");
    keystone.addProject("cloud-tests", "ALICE Cloud Tests", "Default");
    return simulator;
  }
}
