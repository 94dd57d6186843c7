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
  public Optional<Boolean> imageAvailable(String project, String idNameOrFamily) {
    List<CloudImage> images = cloud.images(project);
    if (images.stream().anyMatch(i -> i.isActive() && (idNameOrFamily.equals(i.id()) || idNameOrFamily.equals(i.name())))) {
      return Optional.of(true);
    }
    try {
      return Optional.of(cloud.latestImage(project, idNameOrFamily).isPresent());
    } catch (CloudNotFoundException notAFamily) {
      return Optional.of(false);
    }
  }

  @Override
  public Optional<Boolean> flavorAvailable(String project, String nameOrId) {
    return Optional.of(cloud.flavors(project).stream().anyMatch(f -> nameOrId.equals(f.name()) || nameOrId.equals(f.id())));
  }

  @Override
  public CloudLogin authenticate(String project) {
    return cloud.authenticate(project);
  }
}
