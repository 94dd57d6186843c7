package org.alisw.runbooks.sandbox.mesos;

import java.io.IOException;
import org.alisw.runbooks.mesos.MesosProperties;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The simulated masters of the sandbox profile: one Mesos master, Marathon and ZooKeeper per master
 * of {@code runbooks.mesos.masters}, each listening on the port that application-sandbox.yaml gives
 * the production adapter.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class MesosSandboxConfiguration {

  @Bean(destroyMethod = "close")
  SimulatedMesos simulatedMesos(
      SimulatedDataCentre dc, ObjectProvider<Faults> faults, MesosProperties properties, ObjectProvider<SandboxWorld> world)
      throws IOException {
    SimulatedMesos mesos = new SimulatedMesos(
            dc,
            faults.getIfUnique(Faults::new),
            properties.resolvedMasters().stream()
                .map(
                    m ->
                        new SimulatedMesos.MasterPorts(
                            m.name(), m.mesos().getPort(), m.marathon().getPort(), m.zookeeperPort()))
                .toList())
        .start();
    // The world the sandbox keeps on disk (SandboxConfiguration); absent in slice tests.
    world.ifAvailable(w -> w.attach(SimulatedMesos.WORLD_PART, mesos.worldPart()));
    return mesos;
  }
}
