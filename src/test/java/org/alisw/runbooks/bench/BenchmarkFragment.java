package org.alisw.runbooks.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one benchmark class measured, written as {@code target/benchmarks/<id>.json}; the report
 * step ({@link BenchmarkReport}) merges every fragment into {@code target/benchmarks.json} and
 * {@code docs/benchmarks.md}. Plain data: tables of already formatted cells (each figure a
 * {@link Stats#format median (min–max)}), the targets with what was measured and whether it was
 * met (and, if not, what limits it), free-text notes, and images (paths relative to docs/).
 *
 * <p>Usage: {@code new BenchmarkFragment("1-engine-overhead", "Engine overhead per step")
 * .table(...).target(...).note(...).write()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class BenchmarkFragment {

  /** Where the fragments go; the report reads every {@code *.json} there. */
  public static final Path DIRECTORY = Path.of("target", "benchmarks");

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String id;
  public String title;
  /** Sort key in the report (the measurement number: 1..6); the id breaks ties. */
  public int order;
  /** How it was run: repetitions, sizes, the engine's settings; one paragraph. */
  public String method;
  public double seconds;
  public List<Table> tables = new ArrayList<>();
  public List<Target> targets = new ArrayList<>();
  public List<String> notes = new ArrayList<>();
  public List<Image> images = new ArrayList<>();

  /** For Jackson. */
  BenchmarkFragment() {}

  public BenchmarkFragment(String id, int order, String title) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("fragment id must be lower-case letters, digits and '-': " + id);
    }
    this.id = id;
    this.order = order;
    this.title = Objects.requireNonNull(title, "title");
  }

  public record Table(String caption, List<String> columns, List<List<String>> rows) {
    public Table {
      Objects.requireNonNull(caption, "caption");
      if (columns == null || columns.isEmpty()) {
        throw new IllegalArgumentException("table '" + caption + "' has no columns");
      }
      for (List<String> row : rows) {
        if (row.size() != columns.size()) {
          throw new IllegalArgumentException(
              "table '" + caption + "': row " + row + " has " + row.size() + " cells, expected " + columns.size());
        }
      }
      columns = List.copyOf(columns);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /**
   * One target of the issue: {@code what} (e.g. "ratio per step, ours / bare"), the
   * {@code target} as text ("≤ 1.3"), the {@code measured} figure, {@code met}, and {@code limit}:
   * what limits it when missed (a profile, a query count), or what it depends on when met.
   */
  public record Target(String what, String target, String measured, boolean met, String limit) {
    public Target {
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(measured, "measured");
      if (!met && (limit == null || limit.isBlank())) {
        throw new IllegalArgumentException("target '" + what + "' missed: say what limits it");
      }
    }
  }

  /** An image under docs/ (e.g. a plot), with its alt text. */
  public record Image(String path, String alt) {
    public Image {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(alt, "alt");
    }
  }

  public BenchmarkFragment method(String text) {
    this.method = text;
    return this;
  }

  public BenchmarkFragment seconds(double wallClock) {
    this.seconds = wallClock;
    return this;
  }

  public BenchmarkFragment table(String caption, List<String> columns, List<List<String>> rows) {
    tables.add(new Table(caption, columns, rows));
    return this;
  }

  public BenchmarkFragment target(String what, String target, String measured, boolean met, String limit) {
    targets.add(new Target(what, target, measured, met, limit));
    return this;
  }

  public BenchmarkFragment note(String text) {
    notes.add(Objects.requireNonNull(text));
    return this;
  }

  public BenchmarkFragment image(String path, String alt) {
    images.add(new Image(path, alt));
    return this;
  }

  /** Writes {@code target/benchmarks/<id>.json} (replacing an earlier run's) and returns its path. */
  public Path write() {
    return write(DIRECTORY);
  }

  Path write(Path directory) {
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve(id + ".json");
      JSON.writeValue(file.toFile(), this);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the benchmark fragment " + id, e);
    }
  }

  public static BenchmarkFragment read(Path file) {
    try {
      BenchmarkFragment f = JSON.readValue(file.toFile(), BenchmarkFragment.class);
      if (f.id == null || f.title == null) {
        throw new IllegalArgumentException(file + " is not a benchmark fragment (no id or title)");
      }
      return f;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(file + " is not a benchmark fragment: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the benchmark fragment " + file, e);
    }
  }
}
