package org.alisw.runbooks.sandbox.openstack;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Call;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator.Response;

/**
 * Glance v2 images, public to every project, seeded like CERN's catalogue: several {@code CC7 -
 * x86_64 [date]} versions with the properties ai-tools chooses "the latest" by ({@code os_distro},
 * {@code os_distro_major}, {@code os_distro_minor}, {@code os_edition}, {@code architecture},
 * {@code release_date}; {@code base_image_ref} on snapshots), among other distributions. Lists are
 * paged as Glance pages them ({@code limit}, default 25, and {@code marker}, with a {@code next}
 * link). Properties are listed at the top level of an image, as Glance v2 does, all strings.
 */
public final class SimulatedGlance {

  static final int DEFAULT_PAGE = 25;

  /** One image; {@code created} is when it was uploaded; {@code properties} its extra properties. */
  public record Image(String id, String name, String status, Instant created, Map<String, String> properties) {

    public Image {
      properties = Map.copyOf(properties);
    }

    public String property(String key) {
      return properties.get(key);
    }
  }

  /** The image {@code --cc7} means in the seeded catalogue: CC7 7.9 of 2022-01-05. */
  public static final String LATEST_CC7 = "CC7 - x86_64 [2022-01-05]";

  private final List<Image> images = new CopyOnWriteArrayList<>();

  SimulatedGlance() {
    seed();
  }

  /**
   * CC7 releases over the years, and the distributions that came after it. The newest upload
   * with a CC7 name is not "the latest CC7": ai-tools ranks by minor release, then release date,
   * and leaves out snapshots, other editions, other architectures and images not yet active.
   */
  private void seed() {
    addCern("CC7 - x86_64 [2019-11-20]", "CC", "7", "7", "Base", "x86_64", "2019-11-20");
    addCern("CC7 - x86_64 [2020-04-06]", "CC", "7", "8", "Base", "x86_64", "2020-04-06");
    addCern("CC7 - x86_64 [2021-03-02]", "CC", "7", "9", "Base", "x86_64", "2021-03-02");
    Image latest = addCern(LATEST_CC7, "CC", "7", "9", "Base", "x86_64", "2022-01-05");
    // A late respin of 7.8: the newest date and upload, but a lower minor release.
    addCern("CC7 - x86_64 [2023-01-04]", "CC", "7", "8", "Base", "x86_64", "2023-01-04");
    addCern("CC7 TEST - x86_64 [2023-03-01]", "CC", "7", "9", "Test", "x86_64", "2023-03-01");
    addCern("CC7 - i686 [2023-02-01]", "CC", "7", "9", "Base", "i686", "2023-02-01");
    Map<String, String> snapshot = new LinkedHashMap<>(latest.properties());
    snapshot.put("base_image_ref", latest.id());
    snapshot.put("release_date", "2023-06-01T00:00:00");
    addImage("alibuild05-snapshot-2023-06-01", created("2023-06-01"), snapshot);
    addCern("CS8 - x86_64 [2021-10-05]", "CS", "8", "4", "Base", "x86_64", "2021-10-05");
    addCern("ALMA9 - x86_64 [2023-11-20]", "ALMA", "9", "3", "Base", "x86_64", "2023-11-20");
    addCern("ALMA9 - x86_64 [2024-05-02]", "ALMA", "9", "4", "Base", "x86_64", "2024-05-02");
    addCern("RHEL9 - x86_64 [2024-06-11]", "RHEL", "9", "4", "Base", "x86_64", "2024-06-11");
    for (int i = 1; i <= 20; i++) {
      // Enough images that a client reading only the first page misses some.
      addImage(String.format("Windows 10 - build %02d", i), created("2018-01-01").plusSeconds(i * 86_400L), "windows", "10");
    }
    // Being uploaded: not usable, never "the latest".
    Map<String, String> queued = cernProperties("CC", "7", "9", "Base", "x86_64", "2024-01-10");
    images.add(new Image(UUID.randomUUID().toString(), "CC7 - x86_64 [2024-01-10]", "queued", created("2024-01-10"), queued));
  }

  private Image addCern(String name, String distro, String major, String minor, String edition, String arch, String released) {
    return addImage(name, created(released), cernProperties(distro, major, minor, edition, arch, released));
  }

  /** The properties CERN's images carry (release_date as CERN writes it, a date-time). */
  public static Map<String, String> cernProperties(
      String distro, String major, String minor, String edition, String arch, String released) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("os_distro", distro);
    properties.put("os_distro_major", major);
    if (minor != null) {
      properties.put("os_distro_minor", minor);
    }
    properties.put("os_edition", edition);
    properties.put("architecture", arch);
    properties.put("release_date", released + "T09:00:00");
    properties.put("os", "LINUX");
    properties.put("hypervisor_type", "qemu");
    return properties;
  }

  private static Instant created(String date) {
    return LocalDate.parse(date).atTime(9, 0).toInstant(ZoneOffset.UTC);
  }

  /** An active image with only {@code os_distro} and {@code os_version}. */
  public Image addImage(String name, Instant created, String osDistro, String osVersion) {
    return addImage(name, created, Map.of("os_distro", osDistro, "os_version", osVersion));
  }

  /** An active image with these properties. */
  public Image addImage(String name, Instant created, Map<String, String> properties) {
    Image image = new Image(UUID.randomUUID().toString(), name, "active", created, properties);
    images.add(image);
    return image;
  }

  /** Every image, for the sandbox's world on disk: servers refer to their image by id. */
  List<Image> snapshot() {
    return List.copyOf(images);
  }

  /** Takes back the images of a {@link #snapshot()}, replacing the seeded ones. */
  void restore(List<Image> kept) {
    images.clear();
    images.addAll(kept);
  }

  public Optional<Image> image(String id) {
    return images.stream().filter(i -> i.id().equals(id)).findFirst();
  }

  /** The newest active image with exactly this name. */
  public Optional<Image> imageNamed(String name) {
    return images.stream()
        .filter(i -> i.name().equals(name) && "active".equals(i.status()))
        .max(Comparator.comparing(Image::created));
  }

  public List<Image> images() {
    return List.copyOf(images);
  }

  void registerRoutes(OpenStackSimulator simulator) {
    simulator.route("GET", "/image/v2/images", "glance.images.list", this::list);
    simulator.route("GET", "/image/v2/images/([^/]+)", "glance.images.show", this::show);
  }

  private Response list(Call call) {
    List<Image> selected = new ArrayList<>(images);
    call.query("name").ifPresent(n -> selected.removeIf(i -> !i.name().equals(n)));
    call.query("status").ifPresent(s -> selected.removeIf(i -> !i.status().equals(s)));
    // Glance's default order: newest first (created_at desc), id as tie-breaker.
    Comparator<Image> order = Comparator.comparing(Image::created).thenComparing(Image::id);
    String sortKey = call.query("sort_key").orElse("created_at");
    if ("name".equals(sortKey)) {
      order = Comparator.comparing(Image::name).thenComparing(Image::id);
    } else if (!"created_at".equals(sortKey)) {
      throw ApiError.badRequest("Unsupported sort_key " + sortKey);
    }
    if (!"asc".equals(call.query("sort_dir").orElse("desc"))) {
      order = order.reversed();
    }
    selected.sort(order);
    int limit = call.query("limit").map(SimulatedGlance::parseLimit).orElse(DEFAULT_PAGE);
    int from = 0;
    Optional<String> marker = call.query("marker");
    if (marker.isPresent()) {
      int at = indexOf(selected, marker.get());
      if (at < 0) {
        throw ApiError.badRequest("marker not found");
      }
      from = at + 1;
    }
    List<Image> page = selected.subList(Math.min(from, selected.size()), Math.min(from + limit, selected.size()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("images", page.stream().map(SimulatedGlance::body).toList());
    body.put("first", "/v2/images");
    body.put("schema", "/v2/schemas/images");
    if (from + limit < selected.size()) {
      body.put("next", "/v2/images?marker=" + page.get(page.size() - 1).id() + "&limit=" + limit);
    }
    return Response.json(200, body);
  }

  private static int parseLimit(String limit) {
    try {
      int value = Integer.parseInt(limit);
      if (value < 0) {
        throw ApiError.badRequest("limit param must be positive");
      }
      return Math.min(value, 1000);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("limit param must be an integer");
    }
  }

  private static int indexOf(List<Image> list, String id) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private Response show(Call call) {
    Image image =
        image(call.param(1))
            .orElseThrow(() -> new ApiError(404, "itemNotFound", "No image found with ID " + call.param(1)));
    return Response.json(200, body(image));
  }

  private static Map<String, Object> body(Image image) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", image.id());
    body.put("name", image.name());
    body.put("status", image.status());
    body.put("visibility", "public");
    body.put("protected", false);
    body.put("created_at", image.created().toString());
    body.put("updated_at", image.created().toString());
    body.put("disk_format", "qcow2");
    body.put("container_format", "bare");
    body.put("min_disk", 0);
    body.put("min_ram", 0);
    body.put("size", 1_073_741_824L);
    body.put("tags", List.of());
    body.putAll(image.properties());
    body.put("self", "/v2/images/" + image.id());
    body.put("file", "/v2/images/" + image.id() + "/file");
    body.put("schema", "/v2/schemas/image");
    return body;
  }
}
