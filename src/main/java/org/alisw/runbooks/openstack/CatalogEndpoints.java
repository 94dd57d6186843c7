package org.alisw.runbooks.openstack;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.openstack4j.api.identity.EndpointURLResolver;
import org.openstack4j.api.types.Facing;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.model.identity.URLResolverParams;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.identity.internal.DefaultEndpointURLResolver;

/**
 * Finds each service's endpoint in the token's catalog (by type, interface public, and region when
 * one is configured) and fails, naming the service and region, when there is none. openstack4j's
 * own resolver falls back to the Keystone URL instead, where every Nova call answers 404, which a
 * delete reads as "already gone".
 */
final class CatalogEndpoints implements EndpointURLResolver {

  private final EndpointURLResolver openstack4j = new DefaultEndpointURLResolver();

  @Override
  public String findURLV2(URLResolverParams p) {
    return openstack4j.findURLV2(p);
  }

  @Override
  public String findURLV3(URLResolverParams p) {
    if (p.type != ServiceType.IDENTITY && !hasEndpoint(p.token, p.type, facing(p), p.region)) {
      throw new CloudCatalogException(
          "The service catalog of OpenStack project " + projectOf(p.token) + " has no " + facing(p).value()
              + " '" + catalogType(p.type) + "' endpoint"
              + (p.region == null ? "" : " in region '" + p.region + "' (OS_REGION_NAME)")
              + "; the catalog offers " + offered(p.token) + ". Check the region and the project's services.");
    }
    // Found: openstack4j picks the same endpoint and adds what it needs (version, project id).
    return openstack4j.findURLV3(p);
  }

  static boolean hasEndpoint(Token token, ServiceType type, Facing facing, String region) {
    return services(token)
        .filter(s -> ServiceType.forName(s.getType()) == type)
        .flatMap(s -> s.getEndpoints() == null ? Stream.<Endpoint>empty() : s.getEndpoints().stream())
        .anyMatch(e -> e.getIface() == facing
            && (region == null || region.equals(e.getRegion()) || region.equals(e.getRegionId())));
  }

  private static Facing facing(URLResolverParams p) {
    return p.perspective == null ? Facing.PUBLIC : p.perspective;
  }

  /** The catalog type an operator would look for ({@code openstack catalog list}). */
  static String catalogType(ServiceType type) {
    return switch (type) {
      case COMPUTE -> "compute";
      case BLOCK_STORAGE -> "volumev3";
      case IMAGE -> "image";
      default -> type.getServiceName();
    };
  }

  private static Stream<? extends Service> services(Token token) {
    List<? extends Service> catalog = token.getCatalog();
    return catalog == null ? Stream.empty() : catalog.stream();
  }

  private static String offered(Token token) {
    List<String> entries =
        services(token)
            .flatMap(s -> s.getEndpoints() == null ? Stream.<String>empty()
                : s.getEndpoints().stream().map(e -> s.getType() + "/" + e.getIface().value() + "@" + e.getRegion()))
            .filter(Objects::nonNull)
            .sorted()
            .toList();
    return entries.isEmpty() ? "nothing" : entries.toString();
  }

  private static String projectOf(Token token) {
    return token.getProject() == null ? "(unscoped token)" : "\"" + token.getProject().getName() + "\"";
  }
}
