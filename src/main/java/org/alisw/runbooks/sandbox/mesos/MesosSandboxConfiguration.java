package org.alisw.runbooks.sandbox.mesos;

import java.io.IOException;
import java.time.Duration;
import org.alisw.runbooks.mesos.MesosProperties;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatorsMode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The simulated masters of the sandbox profile: one Mesos master, Marathon and ZooKeeper per master
 * of {@code runbooks.mesos.masters}, each listening on the port that application-sandbox.yaml gives
 * the production adapter. Leader elections take {@code runbooks.sandbox.elections.zookeeper} and
 * {@code runbooks.sandbox.elections.mesos} ({@link ElectionTimings}).
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
@SimulatorsMode
class MesosSandboxConfiguration {

  @Bean(destroyMethod = "close")
  SimulatedMesos simulatedMesos(
      SimulatedDataCentre dc,
      ObjectProvider<Faults> faults,
      MesosProperties properties,
      ObjectProvider<SandboxWorld> world,
      @Value("${runbooks.sandbox.elections.zookeeper:PT0.4S}") Duration zooKeeperElection,
      @Value("${runbooks.sandbox.elections.mesos:PT1S}") Duration mesosElection)
      throws IOException {
    SimulatedMesos mesos = new SimulatedMesos(
            dc,
            faults.getIfUnique(Faults::new),
            properties.resolvedMasters().stream()
                .map(
                    m ->
                        new SimulatedMesos.MasterPorts(
                            m.name(), m.mesos().getPort(), m.marathon().getPort(), m.zookeeperPort()))
                .toList(),
            new ElectionTimings(zooKeeperElection, mesosElection))
        .start();
    // The world the sandbox keeps on disk (SandboxConfiguration); absent in slice tests.
    world.ifAvailable(w -> w.attach(SimulatedMesos.WORLD_PART, mesos.worldPart()));
    return mesos;
  }
}
