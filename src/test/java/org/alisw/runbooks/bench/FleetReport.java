package org.alisw.runbooks.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The fleet benchmark's figures: the critical path (k = 1), makespan and efficiency per k before
 * and after the tuning, and the plot of makespan against k ({@code docs/img/benchmark-fleet.png}).
 */
final class FleetReport {

  private final Duration latency;
  private final int hosts;
  private final int k1Hosts;
  private final int repetitions;
  private FleetEfficiencyBenchmark.Fleet criticalPathRun;
  /** The engine before the tuning: the starter's job executor. */
  static final String UNTUNED = "before (starter's job executor)";
  /** The tuned job executor with rebuild-agents' hand-off as before: take, start, record three exclusive jobs. */
  static final String THREE_JOBS = "before (tuned, hand-off as three jobs)";
  /** The tuned job executor with rebuild-agents' take not exclusive: an experiment, not kept. */
  static final String NON_EXCLUSIVE = "experiment (tuned, take not exclusive)";

  /** Per variant (in the order run), per k. */
  private final Map<String, Map<Integer, List<FleetEfficiencyBenchmark.Fleet>>> before = new LinkedHashMap<>();
  private final Map<Integer, List<FleetEfficiencyBenchmark.Fleet>> after = new TreeMap<>();

  FleetReport(Duration latency, int hosts, int k1Hosts, int repetitions) {
    this.latency = latency;
    this.hosts = hosts;
    this.k1Hosts = k1Hosts;
    this.repetitions = repetitions;
  }

  void criticalPath(FleetEfficiencyBenchmark.Fleet k1) {
    this.criticalPathRun = k1;
  }

  void before(String variant, int k, FleetEfficiencyBenchmark.Fleet fleet) {
    before.computeIfAbsent(variant, v -> new TreeMap<>()).computeIfAbsent(k, x -> new ArrayList<>()).add(fleet);
  }

  void after(int k, FleetEfficiencyBenchmark.Fleet fleet) {
    after.computeIfAbsent(k, x -> new ArrayList<>()).add(fleet);
  }

  /** The median slot cycle of the k = 1 run, in seconds: one host's critical path. */
  Stats criticalPathSeconds() {
    return Stats.of(criticalPathRun.slotCycles().stream().map(d -> d.toMillis() / 1000.0).toList());
  }

  double idealSeconds(int k) {
    return Math.ceil((double) hosts / k) * criticalPathSeconds().median();
  }

  Stats makespanSeconds(List<FleetEfficiencyBenchmark.Fleet> runs) {
    return Stats.of(runs.stream().map(f -> f.makespan().toMillis() / 1000.0).toList());
  }

  /** ideal / makespan for each run (the ideal's critical path is the median). */
  Stats efficiency(int k, List<FleetEfficiencyBenchmark.Fleet> runs) {
    return Stats.of(runs.stream().map(f -> idealSeconds(k) / (f.makespan().toMillis() / 1000.0)).toList());
  }

  /** Draws the plot, writes the fragment; returns the efficiency at k = 10 after tuning (NaN if not run). */
  double write(Path plot, double wallClockSeconds) {
    Stats path = criticalPathSeconds();
    List<List<String>> rows = new ArrayList<>();
    List<String> first = new ArrayList<>(row("after (tuned)", 1, List.of(criticalPathRun)));
    first.set(4, "critical path " + path.format(1) + " per host");
    first.set(5, "1 by definition");
    rows.add(first);
    before.forEach((variant, byK) -> byK.forEach((k, runs) -> rows.add(row(variant, k, runs))));
    after.forEach((k, runs) -> rows.add(row("after (tuned)", k, runs)));
    drawPlot(plot);

    BenchmarkFragment fragment = new BenchmarkFragment(FleetEfficiencyBenchmark.ID, 2, "Fleet efficiency of rebuild-agents")
        .seconds(wallClockSeconds)
        .method(String.format(Locale.ROOT,
            "rebuild-agents over REST (operator1 starts, operator2 agrees and approves) for %d simulated agents; every "
                + "OpenStack request and every SSH command of the simulators takes L = %d ms (runbooks.sandbox.openstack.latency, "
                + "runbooks.sandbox.ssh.latency); fewer idle seconds and steps per host than the sandbox's so that 100 hosts fit "
                + "the time budget: the simulated rebuild takes 1 s, every poll waits 1 s, puppet converges at its first run. "
                + "Machine busy = share of all processors' time not idle during the fleet (other processes included); CPU "
                + "per host = the JVM's user + system time / hosts. Engine: the packaged jar as a child JVM (java -jar with -Xmx512m, the JVM's defaults otherwise) on a "
                + "file H2, simulators in the benchmark's JVM. Critical path = the median slot cycle (take of a host → take of the "
                + "next) of the same fleet run with k = 1 on %d hosts, in the same run (100 hosts one by one would take half an "
                + "hour); ideal = ceil(%d / k) × critical path; makespan = first take → last recorded outcome (history); "
                + "efficiency = ideal / makespan. %d fleet(s) of %d hosts per k (with one, min = max = median). Before: an engine with "
                + "the Camunda starter's job executor and Hikari's pool (3-10 threads, queue 3, 10 connections); before (hand-off "
                + "as three jobs): the tuned job executor with rebuild-agents as it was before commit bc722e3 (a copy of processes/ "
                + "where the start of the host's runbook and the record of its outcome are asynchronous again, so a slot's hand-off "
                + "is three exclusive jobs of the fleet instance); experiment: the "
                + "tuned job executor with rebuild-agents' take of the next host not exclusive (a copy of processes/); after: "
                + "application.yaml's job executor (24 threads, queue 12, 36 connections) and processes/ as they are (the take "
                + "exclusive, Camunda's default; the host's runbook started in the take's transaction and its outcome recorded "
                + "in the transaction that ends it).",
            hosts, latency.toMillis(), k1Hosts, hosts, repetitions, hosts))
        .table("Makespan against k (seconds; median (min–max))",
            List.of("engine", "k", "hosts", "makespan (s)", "ideal (s)", "efficiency", "most hosts in flight",
                "one host's runbook (s)", "engine CPU per host (s)", "simulators' CPU per host (s)", "machine busy (%)",
                "hand-off per host (s)"), rows)
        .image("img/benchmark-fleet.png", "rebuild-agents makespan against k, measured and ideal");
    double at10 = Double.NaN;
    if (after.containsKey(10)) {
      Stats e = efficiency(10, after.get(10));
      at10 = e.median();
      Stats handOff10 = handOff(10, after.get(10));
      Stats handOff1 = handOff(1, List.of(criticalPathRun));
      Stats host10 = seconds(after.get(10).stream().flatMap(f -> f.hostRunbooks().stream()).toList());
      Stats nonExclusive10 = before.getOrDefault(NON_EXCLUSIVE, Map.of()).containsKey(10)
          ? efficiency(10, before.get(NON_EXCLUSIVE).get(10)) : null;
      List<FleetEfficiencyBenchmark.Fleet> threeJobs10 = before.getOrDefault(THREE_JOBS, Map.of()).get(10);
      Stats busy10 = Stats.of(after.get(10).stream().map(f -> 100 * f.cpu().machineBusy()).toList());
      fragment.target("efficiency at k = 10, L = 200 ms", "≥ 0.9", e.format(2), e.median() >= 0.9 && latency.toMillis() == 200,
          String.format(Locale.ROOT,
              "what a slot spends between hosts: at k = 10 one host's runbook takes %.1f s (%.1f s at k = 1) and a slot spends "
                  + "%.2f s per host outside it (%.2f s at k = 1): the take of the next host (one OpenStack look-up, L, and "
                  + "the start of its runbook) is a job of the one rebuild-agents instance, exclusive, so the k slots' takes "
                  + "run one after the other; the processors were %.0f %% busy. %s%s",
              host10.median(), seconds(criticalPathRun.hostRunbooks()).median(), handOff10.median(), handOff1.median(),
              busy10.median(),
              threeJobs10 == null ? "" : "With the hand-off as three exclusive jobs (take, start, record; the row before the "
                  + "tuning of the hand-off) a slot spent " + handOff(10, threeJobs10).format(2) + " s per host outside it, "
                  + "and the fleet reached " + efficiency(10, threeJobs10).format(2) + " at k = 10 in this run. ",
              nonExclusive10 == null ? "" : "Not exclusive (the experiment row) the takes collide on the queue index, and "
                  + "every OptimisticLockingException of a job waits out the retry cycle (5 s): " + nonExclusive10.format(2)
                  + " at k = 10 in this run."));
    }
    fragment.write();
    return at10;
  }

  private static Stats seconds(List<Duration> durations) {
    return Stats.of(durations.stream().map(d -> d.toMillis() / 1000.0).toList());
  }

  private List<String> row(String engine, int k, List<FleetEfficiencyBenchmark.Fleet> runs) {
    return List.of(engine, Integer.toString(k), Integer.toString(runs.get(0).hosts()), makespanSeconds(runs).format(1),
        String.format(Locale.ROOT, "%.1f", idealSeconds(k)), efficiency(k, runs).format(2),
        Integer.toString(runs.stream().mapToInt(FleetEfficiencyBenchmark.Fleet::mostInFlight).max().orElse(0)),
        seconds(runs.stream().flatMap(f -> f.hostRunbooks().stream()).toList()).format(1),
        Stats.of(runs.stream().map(f -> f.cpu().engineSeconds() / f.hosts()).toList()).format(2),
        Stats.of(runs.stream().map(f -> f.cpu().simulatorSeconds() / f.hosts()).toList()).format(2),
        Stats.of(runs.stream().map(f -> 100 * f.cpu().machineBusy()).toList()).format(0),
        handOff(k, runs).format(2));
  }

  /**
   * What a slot spends per host outside the host's own runbook: makespan / rounds − the median
   * host runbook (take the next host, start its runbook, record its outcome, and waiting for them).
   */
  Stats handOff(int k, List<FleetEfficiencyBenchmark.Fleet> runs) {
    return Stats.of(runs.stream().map(f -> f.makespan().toMillis() / 1000.0 / Math.ceil((double) f.hosts() / k)
        - seconds(f.hostRunbooks()).median()).toList());
  }

  private void drawPlot(Path file) {
    XYChart chart = new XYChartBuilder().width(800).height(500)
        .title(String.format("rebuild-agents: %d agents, %d ms per OpenStack/SSH call", hosts, latency.toMillis()))
        .xAxisTitle("k (hosts at once)").yAxisTitle("makespan (s)").build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisDecimalPattern("0");
    chart.getStyler().setYAxisMin(0.0);
    List<Integer> ks = new ArrayList<>(after.keySet());
    if (!ks.isEmpty()) {
      List<Double> x = ks.stream().map(Integer::doubleValue).toList();
      XYSeries ideal = chart.addSeries("ideal: ceil(" + hosts + "/k) × critical path", x,
          ks.stream().map(this::idealSeconds).toList());
      ideal.setMarker(SeriesMarkers.NONE);
      ideal.setLineColor(Color.GRAY);
      ideal.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      XYSeries measured = chart.addSeries("measured, tuned (median)", x, ks.stream().map(k -> makespanSeconds(after.get(k)).median()).toList(),
          ks.stream().map(k -> {
            Stats s = makespanSeconds(after.get(k));
            return Math.max(s.max() - s.median(), s.median() - s.min());
          }).toList());
      measured.setMarker(SeriesMarkers.CIRCLE);
    }
    List<org.knowm.xchart.style.markers.Marker> markers = List.of(SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP);
    int variant = 0;
    for (Map.Entry<String, Map<Integer, List<FleetEfficiencyBenchmark.Fleet>>> runs : before.entrySet()) {
      List<Integer> kb = new ArrayList<>(runs.getValue().keySet());
      XYSeries untuned = chart.addSeries(runs.getKey(), kb.stream().map(Integer::doubleValue).toList(),
          kb.stream().map(k -> makespanSeconds(runs.getValue().get(k)).median()).toList());
      untuned.setMarker(markers.get(variant++ % markers.size()));
      untuned.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plot " + file, e);
    }
  }
}
