package org.alisw.runbooks.openstack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.openstack.OpenStackProperties.Credentials;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.alisw.runbooks.sandbox.openstack.SimulatedKeystone;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test fixture: the seeded data centre behind a simulated OpenStack on a free port, with the
 * guide's two projects and one user, on a clock the test moves by hand.
 */
final class SimulatedCloud implements AutoCloseable, AfterEachCallback {

  static final String USER = "svcalibuild";
  static final String PASSWORD = "test-password";
  static final String REGION = "cern";
  static final Duration HARD_REBOOT = Duration.ofSeconds(30);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T01:00:00Z"));
  final SimulatedDataCentre dataCentre =
      SimulatedDataCentre.seeded(
          clock, new SimulationTimings(Duration.ofSeconds(60), Duration.ofSeconds(90), HARD_REBOOT), "release-testing");
  final OpenStackSimulator simulator = OpenStackSimulator.start(dataCentre, 0, REGION);
  final SimulatedKeystone.User user;
  final SimulatedKeystone.Project releaseTesting;
  final SimulatedKeystone.Project cloudTests;

  SimulatedCloud() {
    SimulatedKeystone keystone = simulator.keystone();
    user = keystone.addUser(USER, PASSWORD, "Default");
    releaseTesting = keystone.addProject("release-testing", "ALICE Release Testing", "Default");
    cloudTests = keystone.addProject("cloud-tests", "ALICE Cloud Tests", "Default");
  }

  /** The adapter with password credentials, as after {@code eval $(ai-rc ...)}. */
  OpenStack4jCloudPort port() {
    return port(passwordAuth(), Map.of());
  }

  OpenStack4jCloudPort port(Credentials auth, Map<String, Credentials> projectOverrides) {
    return port(properties(auth, projectOverrides, Duration.ofSeconds(10)), new CloudsYaml(List.of()));
  }

  OpenStack4jCloudPort port(OpenStackProperties properties, CloudsYaml cloudsYaml) {
    return OpenStackClients.cloudPort(properties, cloudsYaml, clock);
  }

  /** The adapter with password credentials and a short read timeout. */
  OpenStack4jCloudPort portWithReadTimeout(Duration readTimeout) {
    return port(properties(passwordAuth(), Map.of(), readTimeout), new CloudsYaml(List.of()));
  }

  /** The adapter with password credentials and a call deadline much shorter than its read timeout. */
  OpenStack4jCloudPort portWithCallTimeout(Duration callTimeout) {
    return port(properties(passwordAuth(), Map.of(), Duration.ofSeconds(30), callTimeout, Duration.ofSeconds(5)),
        new CloudsYaml(List.of()));
  }

  /** The start listeners' look-up, with this start-check timeout. */
  CloudLookup startCheckLookup(Duration startCheckTimeout) {
    return OpenStackClients.startCheckLookup(
        properties(passwordAuth(), Map.of(), Duration.ofSeconds(30), Duration.ofMinutes(2), startCheckTimeout),
        new CloudsYaml(List.of()),
        clock);
  }

  OpenStackProperties properties(Credentials auth, Map<String, Credentials> projectOverrides, Duration readTimeout) {
    return properties(auth, projectOverrides, readTimeout, Duration.ofMinutes(2), Duration.ofSeconds(5));
  }

  OpenStackProperties properties(
      Credentials auth, Map<String, Credentials> projectOverrides, Duration readTimeout, Duration callTimeout,
      Duration startCheckTimeout) {
    Map<String, Credentials> projects =
        new java.util.LinkedHashMap<>(
            Map.of(
                "release-testing", project("ALICE Release Testing"),
                "cloud-tests", project("ALICE Cloud Tests")));
    projects.putAll(projectOverrides);
    return new OpenStackProperties(
        "release-testing", auth, projects, Duration.ofMinutes(10), Duration.ofSeconds(5), readTimeout, callTimeout,
        startCheckTimeout, null, "cc7", "Base");
  }

  Credentials passwordAuth() {
    return credentials(simulator.authUrl().toString(), USER, PASSWORD, null, null, null, null);
  }

  static Credentials credentials(
      String authUrl, String username, String password, String authType, String token, String appCredId, String appCredSecret) {
    return new Credentials(
        null, authType, authUrl, username, password, "Default", null, null, null, "Default", null, REGION, token,
        appCredId, appCredSecret);
  }

  static Credentials project(String name) {
    return new Credentials(null, null, null, null, null, null, null, name, null, null, null, null, null, null, null);
  }

  /** The requests to Nova, Cinder and Glance (not Keystone) with this method and path pattern. */
  List<RecordedRequest> requests(String method, String pathRegex) {
    return simulator.requests(method, pathRegex);
  }

  /** An OpenSSH RSA public key, as in alibuild.pub. */
  static String publicKey(String comment) {
    try {
      java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      java.security.interfaces.RSAPublicKey key =
          (java.security.interfaces.RSAPublicKey) generator.generateKeyPair().getPublic();
      java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
      java.io.DataOutputStream out = new java.io.DataOutputStream(blob);
      for (byte[] part :
          List.of("ssh-rsa".getBytes(), key.getPublicExponent().toByteArray(), key.getModulus().toByteArray())) {
        out.writeInt(part.length);
        out.write(part);
      }
      return "ssh-rsa " + java.util.Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
    } catch (java.security.GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a build-agent runbook asks for: ai-bs's options for alibuild13. */
  static ServerSpec agent(String name, String instanceId) {
    return new ServerSpec(
        name,
        "m2.2xlarge",
        "CC7 - x86_64 [2022-01-05]",
        null,
        "cern-geneva-b",
        "alice-agile-admin",
        "alice-agile-admin",
        "alibuild/mesos/slave",
        "production",
        Map.of(),
        instanceId);
  }

  String serverId(String name) {
    return dataCentre.server(name).orElseThrow().id();
  }

  /** As a {@code @RegisterExtension} field: the simulator stops after each test. */
  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    simulator.close();
  }
}
