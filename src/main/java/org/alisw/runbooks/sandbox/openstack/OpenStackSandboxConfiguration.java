package org.alisw.runbooks.sandbox.openstack;

import java.time.Duration;
import java.util.List;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SandboxWorld;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatorsMode;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * The simulated OpenStack of the sandbox profile, on {@code sandbox.port.openstack}, with the two
 * projects of the guide and one user; application-sandbox.yaml points runbooks.openstack at it.
 * Settings under {@code runbooks.sandbox.openstack} (docs/configuration.md), bound here rather
 * than as a scanned properties class so that nothing of the sandbox exists outside its profile.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
@SimulatorsMode
class OpenStackSandboxConfiguration {

  private static final Logger log = LoggerFactory.getLogger(OpenStackSandboxConfiguration.class);

  /** {@code runbooks.sandbox.openstack.*}. */
  record Settings(
      int port,
      @DefaultValue("cern") String region,
      String username,
      String password,
      @DefaultValue("PT1H") Duration tokenLifetime,
      @DefaultValue("PT2S") Duration volumeCreation,
      @DefaultValue("PT0S") Duration latency,
      @DefaultValue List<FaultSetting> faults,
      @DefaultValue List<ApplicationCredentialSetting> applicationCredentials) {}

  /**
   * An application credential of the sandbox user for one project ({@code release-testing} or
   * {@code cloud-tests}), with the id and secret the adapter is configured with
   * ({@code runbooks.openstack.projects.KEY.application-credential-*}).
   */
  record ApplicationCredentialSetting(String id, String secret, String project) {

    @Override
    public String toString() {
      return "ApplicationCredentialSetting[id=" + id + ", project=" + project + ", secret=****]";
    }
  }

  /**
   * A fault injected at start-up: the next {@code times} calls of {@code operation} answer
   * {@code status} (with {@code message}), or are delayed by {@code latency}, or dropped.
   */
  record FaultSetting(
      String operation, Integer status, String message, Duration latency, boolean drop, @DefaultValue("1") int times) {

    Faults.Fault fault() {
      if (drop) {
        return new Faults.Drop();
      }
      if (latency != null) {
        return new Faults.Latency(latency);
      }
      return new Faults.HttpStatus(status == null ? 503 : status, message == null ? "Service Unavailable" : message);
    }
  }

  @Bean(destroyMethod = "close")
  OpenStackSimulator openStackSimulator(
      SimulatedDataCentre dataCentre,
      Environment environment,
      ObjectProvider<SimulatedHosts> hosts,
      ObjectProvider<SandboxWorld> world) {
    Settings settings =
        Binder.get(environment)
            .bind("runbooks.sandbox.openstack", Bindable.of(Settings.class))
            .orElseThrow(() -> new IllegalStateException("runbooks.sandbox.openstack is not configured"));
    OpenStackSimulator simulator = OpenStackSimulator.start(dataCentre, settings.port(), settings.region());
    SimulatedKeystone keystone = simulator.keystone();
    keystone.setTokenLifetime(settings.tokenLifetime());
    SimulatedKeystone.User user = keystone.addUser(settings.username(), settings.password(), "Default");
    keystone.addProject("release-testing", "ALICE Release Testing", "Default");
    keystone.addProject("cloud-tests", "ALICE Cloud Tests", "Default");
    for (ApplicationCredentialSetting c : settings.applicationCredentials()) {
      SimulatedKeystone.Project project =
          keystone.project(c.project())
              .orElseThrow(() -> new IllegalStateException(
                  "runbooks.sandbox.openstack.application-credentials: no project " + c.project()));
      keystone.addApplicationCredential(c.id(), user, project, c.secret());
      log.info("Simulated Keystone: application credential {} for project {}", c.id(), c.project());
    }
    simulator.cinder().setCreationTime(settings.volumeCreation());
    simulator.setLatency(settings.latency());
    // The world the sandbox keeps on disk (SandboxConfiguration); absent in slice tests.
    world.ifAvailable(w -> w.attach(OpenStackSimulator.WORLD_PART, simulator.worldPart()));
    // The console prints the key the machine's SSH daemon really presents, as cloud-init would.
    hosts.ifAvailable(h -> simulator.nova().useHostKeyFingerprints(host -> fingerprintLines(h, host)));
    for (FaultSetting f : settings.faults()) {
      simulator.faults().inject(f.operation(), f.fault(), f.times());
      log.info("Simulated OpenStack: next {} call(s) of {} get {}", f.times(), f.operation(), f.fault());
    }
    return simulator;
  }

  private static List<String> fingerprintLines(SimulatedHosts hosts, String host) {
    try {
      return hosts.consoleFingerprintLines(host);
    } catch (IllegalArgumentException e) {
      return List.of(); // no SSH host (yet) for this name: cloud-init printed nothing either
    }
  }
}
