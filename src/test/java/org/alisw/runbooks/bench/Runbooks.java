package org.alisw.runbooks.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.alisw.runbooks.e2e.process.EngineClient;

/** Starting runbooks over REST from client threads, and reading their times back from history. */
final class Runbooks {

  /** Camunda REST's date format (2026-12-03T12:00:00.123+0000). */
  private static final DateTimeFormatter CAMUNDA = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private Runbooks() {}

  /** What a batch of starts gave: instance ids, and each start call's latency (ms, client side). */
  record Started(List<String> ids, List<Double> startMillis, List<String> failures) {}

  /**
   * Starts {@code count} instances of {@code key} from {@code threads} client threads (one
   * {@link EngineClient} each); {@code variables} gives the start variables of the i-th.
   */
  static Started start(
      java.util.function.Supplier<EngineClient> clients, String key, int count, int threads,
      IntFunction<Map<String, String>> variables) {
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          EngineClient client = clients.get();
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            long t0 = System.nanoTime();
            try {
              ids.add(client.start(key, variables.apply(i)));
            } catch (AssertionError | IllegalStateException e) {
              // Refused or failed (e.g. the start check's look-up past its deadline): counted, not hidden.
              failures.add(e.getMessage());
            }
            millis.add((System.nanoTime() - t0) / 1e6);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("a start failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
    return new Started(List.copyOf(ids), List.copyOf(millis), List.copyOf(failures));
  }

  /** Starts that failed their start check's deadline on a cold engine and were repeated (for the notes). */
  static final AtomicInteger COLD_START_RETRIES = new AtomicInteger();

  /**
   * One start, repeated (up to 5 times) while it fails its start check's OpenStack look-up deadline:
   * a cold engine's first look-up per project logs in to Keystone and loads openstack4j inside the
   * 5 s of runbooks.openstack.start-check-timeout, which a loaded machine can miss. Counted in
   * {@link #COLD_START_RETRIES}; use it to warm an engine up, not to measure.
   */
  static String startWarm(EngineClient client, String key, Map<String, String> variables) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.start(key, variables);
      } catch (AssertionError e) {
        if (attempt == 5 || e.getMessage() == null || !e.getMessage().contains("start-check-timeout")) {
          throw e;
        }
        COLD_START_RETRIES.incrementAndGet();
      }
    }
  }

  /** A note for a fragment when cold starts had to be repeated, else null. */
  static String coldStartNote() {
    int n = COLD_START_RETRIES.get();
    return n == 0 ? null : n + " start(s) of a cold engine failed their start check (OpenStack look-up past"
        + " runbooks.openstack.start-check-timeout, 5 s: the first look-up per project logs in to Keystone and loads"
        + " openstack4j) and were repeated while warming up, before anything was measured.";
  }

  /** Waits until every instance is COMPLETED; fails naming the incidents or open tasks of the others. */
  static void awaitCompleted(EngineClient client, List<String> ids, Duration within) {
    Instant deadline = Instant.now().plus(within);
    while (true) {
      long done = client.post("/history/process-instance/count",
          Map.of("processInstanceIds", ids, "completed", true)).get("count").asLong();
      if (done == ids.size()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        List<String> stuck = new ArrayList<>();
        for (JsonNode p : client.post("/history/process-instance?maxResults=5",
            Map.of("processInstanceIds", ids, "unfinished", true))) {
          String id = p.get("id").asText();
          stuck.add(id + " " + p.get("state").asText() + " incidents=" + client.incidents(id) + " tasks=" + client.taskKeys(id));
        }
        throw new AssertionError(done + " of " + ids.size() + " completed within " + within + "; e.g. " + stuck);
      }
      sleep(Duration.ofMillis(200));
    }
  }

  /** Historic process instances (start, end) of these ids, by the engine's own clock. */
  static List<JsonNode> history(EngineClient client, List<String> ids) {
    List<JsonNode> all = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      client.post("/history/process-instance?maxResults=" + chunk.size(), Map.of("processInstanceIds", chunk))
          .forEach(all::add);
    }
    return all;
  }

  static Instant time(JsonNode node, String field) {
    return OffsetDateTime.parse(node.get(field).asText(), CAMUNDA).toInstant();
  }

  /** End minus start of each instance, in ms. */
  static List<Double> durationsMillis(List<JsonNode> instances) {
    return instances.stream()
        .map(p -> (double) Duration.between(time(p, "startTime"), time(p, "endTime")).toMillis())
        .toList();
  }

  /** Completed instances per second: count over (last end − first start), engine clock. */
  static double perSecond(List<JsonNode> instances) {
    Instant first = instances.stream().map(p -> time(p, "startTime")).min(Instant::compareTo).orElseThrow();
    Instant last = instances.stream().map(p -> time(p, "endTime")).max(Instant::compareTo).orElseThrow();
    return instances.size() / (Duration.between(first, last).toMillis() / 1000.0);
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
