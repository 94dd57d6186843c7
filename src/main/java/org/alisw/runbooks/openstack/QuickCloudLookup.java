package org.alisw.runbooks.openstack;

import java.util.List;
import java.util.Optional;

/** {@link CloudLookup} on an adapter of its own whose timeouts are the start-check timeout. */
final class QuickCloudLookup implements CloudLookup {

  private final CloudPort cloud;

  QuickCloudLookup(CloudPort cloud) {
    this.cloud = cloud;
  }

  @Override
  public Optional<CloudServer> findServer(String project, String name) {
    return cloud.findServer(project, name);
  }

  @Override
  public List<CloudServer> servers(String project) {
    return cloud.servers(project);
  }

  @Override
  public CloudLogin authenticate(String project) {
    return cloud.authenticate(project);
  }
}
