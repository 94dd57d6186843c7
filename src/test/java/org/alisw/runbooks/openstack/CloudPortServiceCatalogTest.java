package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Endpoints come from the token's catalog or nowhere: without a compute entry openstack4j would
 * send Nova's requests to Keystone, and a 404 there would read as "server already gone".
 */
class CloudPortServiceCatalogTest {

  private static final String PROJECT = "release-testing";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();

  @Test
  void aCatalogWithoutComputeFailsLoudlyInsteadOfReportingTheServerGone() {
    cloud.simulator.keystone().removeFromCatalog("compute");
    CloudPort port = cloud.port();
    String id = cloud.serverId("alibuild02");

    assertThatThrownBy(() -> port.deleteServer(PROJECT, id))
        .isInstanceOf(CloudCatalogException.class)
        .hasMessageContaining("'compute' endpoint")
        .hasMessageContaining("region 'cern'")
        .hasMessageContaining("\"ALICE Release Testing\"");
    assertThatThrownBy(() -> port.server(PROJECT, id)).isInstanceOf(CloudCatalogException.class);
    // Nothing went anywhere but Keystone's token endpoint.
    assertThat(cloud.simulator.requests()).allMatch(r -> r.path().equals("/identity/v3/auth/tokens"));
    assertThat(cloud.dataCentre.server("alibuild02")).isPresent();
  }

  @Test
  void aCatalogWithoutBlockStorageNamesVolumev3() {
    cloud.simulator.keystone().removeFromCatalog("volumev3");
    CloudPort port = cloud.port();

    assertThatThrownBy(() -> port.deleteVolume(PROJECT, "0c6f4d3e-volume"))
        .isInstanceOf(CloudCatalogException.class)
        .hasMessageContaining("'volumev3' endpoint");
    // Compute is still there and answers.
    assertThat(port.findServer(PROJECT, "alibuild02")).isPresent();
  }
}
