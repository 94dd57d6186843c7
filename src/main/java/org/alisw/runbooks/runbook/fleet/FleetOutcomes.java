package org.alisw.runbooks.runbook.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-host outcome table: one row per host (host, result, puppet attempts, duration, detail) as
 * JSON, and the same rows as a text table for the final form. Text longer than a runbook variable
 * holds (4000 characters) is split into pages.
 */
final class FleetOutcomes {

  static final int PAGE = 3900;
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** One row. {@code puppetAttempts} and {@code durationSeconds} may be null. */
  record Row(String host, String result, Integer puppetAttempts, Long durationSeconds, String detail) {

    Map<String, Object> toMap() {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("host", host);
      row.put("result", result);
      row.put("puppetAttempts", puppetAttempts);
      row.put("durationSeconds", durationSeconds);
      if (detail != null) {
        row.put("detail", detail);
      }
      return row;
    }

    String toJson() {
      return json(toMap());
    }

    static Row parse(String json) {
      try {
        Map<?, ?> map = JSON.readValue(json, Map.class);
        return new Row((String) map.get("host"), (String) map.get("result"),
            map.get("puppetAttempts") instanceof Number n ? n.intValue() : null,
            map.get("durationSeconds") instanceof Number n ? n.longValue() : null,
            (String) map.get("detail"));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("an outcome row is not JSON: " + json, e);
      }
    }
  }

  private FleetOutcomes() {}

  /** The detail of a row kept short: the table must stay readable. */
  static String shortDetail(String detail) {
    if (detail == null || detail.isBlank()) {
      return null;
    }
    String oneLine = detail.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 297) + "...";
  }

  /** The rows as a JSON array, split into pages of at most {@value #PAGE} characters each. */
  static List<String> jsonPages(List<Row> rows) {
    List<String> lines = new ArrayList<>();
    for (Row row : rows) {
      lines.add(row.toJson());
    }
    return pages(lines, "[", ",", "]");
  }

  /** The rows as a fixed-width text table (header on every page). */
  static List<String> textPages(List<Row> rows) {
    int width = Math.max(4, rows.stream().mapToInt(r -> r.host().length()).max().orElse(4));
    String format = "%-" + width + "s  %-23s  %6s  %8s  %s";
    String header = String.format(format, "host", "result", "puppet", "duration", "detail").stripTrailing();
    List<String> lines = new ArrayList<>();
    for (Row row : rows) {
      lines.add(String.format(format, row.host(), row.result(),
          row.puppetAttempts() == null ? "-" : row.puppetAttempts().toString(),
          row.durationSeconds() == null ? "-" : row.durationSeconds() + " s",
          row.detail() == null ? "" : row.detail()).stripTrailing());
    }
    return pages(lines, header + "\n", "\n", "");
  }

  private static List<String> pages(List<String> lines, String open, String separator, String close) {
    List<String> pages = new ArrayList<>();
    StringBuilder page = new StringBuilder(open);
    boolean empty = true;
    for (String line : lines) {
      String piece = line.length() > PAGE - open.length() - close.length()
          ? line.substring(0, PAGE - open.length() - close.length() - 3) + "..." : line;
      if (!empty && page.length() + separator.length() + piece.length() + close.length() > PAGE) {
        pages.add(page.append(close).toString());
        page = new StringBuilder(open);
        empty = true;
      }
      if (!empty) {
        page.append(separator);
      }
      page.append(piece);
      empty = false;
    }
    pages.add(page.append(close).toString());
    return pages;
  }

  /** "12 hosts: 10 rebuilt, 1 not-verified, 1 skipped-important-tasks". */
  static String summary(List<Row> rows) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String result : List.of(HostResult.REBUILT, HostResult.NOT_VERIFIED, HostResult.NOT_REBUILT,
        HostResult.SKIPPED_IMPORTANT_TASKS, HostResult.REFUSED, HostResult.NOT_STARTED)) {
      counts.put(result, 0);
    }
    rows.forEach(r -> counts.merge(r.result(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((result, count) -> {
      if (count > 0) {
        parts.add(count + " " + result);
      }
    });
    return rows.size() + " hosts: " + String.join(", ", parts);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
