package org.alisw.runbooks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The banner a new user reads once the sandbox is up lists every simulator and the kept world. */
class SandboxWelcomeTest {

  @Test
  void listsEverySimulatorCertmgrAndRogerIncludedAndWhereTheWorldIsKept() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("runbooks.openstack.auth.auth-url", "http://127.0.0.1:10001/identity/v3")
            .withProperty("runbooks.foreman.url", "http://127.0.0.1:10002")
            .withProperty("runbooks.certmgr.url", "http://127.0.0.1:10003")
            .withProperty("runbooks.roger.url", "http://127.0.0.1:10004")
            .withProperty("runbooks.mesos.masters[0].name", "alimesos01")
            .withProperty("runbooks.mesos.masters[0].mesos-url", "http://127.0.0.1:10005")
            .withProperty("runbooks.mesos.masters[0].marathon-url", "http://127.0.0.1:10006")
            .withProperty("runbooks.mesos.masters[0].zookeeper", "127.0.0.1:10007")
            .withProperty("runbooks.hosts.address-file", "/tmp/ssh/hosts")
            .withProperty(SandboxWorld.DIRECTORY_PROPERTY, "./data/sandbox");

    String banner = String.join("\n", SandboxWelcome.simulators(env));

    assertThat(banner)
        .contains("OpenStack (Keystone) http://127.0.0.1:10001/identity/v3")
        .contains("Foreman              http://127.0.0.1:10002")
        .contains("Certmgr              http://127.0.0.1:10003")
        .contains("Roger                http://127.0.0.1:10004")
        .contains("alimesos01", "http://127.0.0.1:10005", "http://127.0.0.1:10006", "127.0.0.1:10007")
        .contains("addresses in /tmp/ssh/hosts")
        .contains("World:    ./data/sandbox (stop the sandbox and delete this folder");
  }
}
