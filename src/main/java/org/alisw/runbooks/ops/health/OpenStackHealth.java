package org.alisw.runbooks.ops.health;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import org.alisw.runbooks.openstack.CloudLogin;
import org.alisw.runbooks.openstack.CloudLookup;
import org.springframework.boot.actuate.health.Health;

/** Component {@code openstack}: a fresh Keystone token for every configured project. */
final class OpenStackHealth extends BoundedCheck {

  private final CloudLookup cloud;
  private final List<String> projects;

  OpenStackHealth(Executor executor, HealthProperties properties, Clock clock, CloudLookup cloud, Collection<String> projects) {
    super(executor, properties, clock);
    this.cloud = cloud;
    this.projects = List.copyOf(projects);
  }

  @Override
  protected void check(Health.Builder builder) {
    each(builder, projects, project -> {
      CloudLogin login = cloud.authenticate(project);
      builder.withDetail(project, "token obtained (project " + login.projectName() + ")");
    });
  }
}
