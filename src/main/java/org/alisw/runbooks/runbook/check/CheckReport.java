package org.alisw.runbooks.runbook.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The pass/fail list a check runbook builds, one {@link CheckItem} per check, kept as the JSON
 * text variable {@value #REPORT} ({@code [{"name", "pass", "detail", "whatToDo"}, ...]}) and as a
 * readable summary {@value #SUMMARY}. Both are plain strings: Camunda keeps a string variable in a
 * 4000-character column, so long details are shortened until the whole fits.
 */
public final class CheckReport {

  /** The JSON list of items. */
  public static final String REPORT = "checkReport";
  /** The readable summary, one line per item. */
  public static final String SUMMARY = "checkSummary";
  /** How many checks failed. */
  public static final String FAILED = "checksFailed";

  /** Camunda's limit for a string variable (its TEXT_ column). */
  static final int MAX_CHARS = 4000;
  private static final int[] DETAIL_LIMITS = {600, 300, 160, 100, 60, 30, 10};

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<CheckItem>> ITEMS = new TypeReference<>() {};

  private CheckReport() {}

  /** The items recorded so far, in order. */
  public static List<CheckItem> read(VariableScope scope) {
    Object value = scope.getVariable(REPORT);
    return parse(value == null ? null : value.toString());
  }

  /** The items of a report's JSON text (what a caller gets as {@value #REPORT}); none for null. */
  public static List<CheckItem> parse(String json) {
    if (json == null || json.isBlank()) {
      return new ArrayList<>();
    }
    try {
      return new ArrayList<>(JSON.readValue(json, ITEMS));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("variable '" + REPORT + "' is not a check report: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Adds the item, or replaces the item of the same name (a check run again reports once), and
   * writes the report back.
   */
  public static void record(VariableScope scope, CheckItem item) {
    List<CheckItem> items = read(scope);
    int same = indexOf(items, item.name());
    if (same >= 0) {
      items.set(same, item);
    } else {
      items.add(item);
    }
    scope.setVariable(REPORT, toJson(items));
  }

  /** The report as JSON, details shortened as much as needed to fit {@value #MAX_CHARS} characters. */
  static String toJson(List<CheckItem> items) {
    String json = write(items);
    for (int limit : DETAIL_LIMITS) {
      if (json.length() <= MAX_CHARS) {
        return json;
      }
      json = write(shortened(items, limit));
    }
    if (json.length() > MAX_CHARS) {
      throw new IllegalStateException("a check report of " + items.size() + " items does not fit in " + MAX_CHARS + " characters");
    }
    return json;
  }

  /** One line per item ({@code PASS name: detail} / {@code FAIL name: detail → what to do}), fitted as the JSON. */
  public static String summary(List<CheckItem> items) {
    String text = lines(items);
    for (int limit : DETAIL_LIMITS) {
      if (text.length() <= MAX_CHARS) {
        return text;
      }
      text = lines(shortened(items, limit));
    }
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - 1) + "…";
  }

  private static String lines(List<CheckItem> items) {
    long failed = items.stream().filter(i -> !i.pass()).count();
    StringBuilder text = new StringBuilder();
    text.append(failed == 0 ? "All " + items.size() + " checks passed." : failed + " of " + items.size() + " checks failed.");
    for (CheckItem item : items) {
      text.append('\n').append(item.pass() ? "PASS " : "FAIL ").append(item.name()).append(": ").append(item.detail());
      if (!item.pass() && !item.whatToDo().isEmpty()) {
        text.append(" → ").append(item.whatToDo());
      }
    }
    return text.toString();
  }

  private static List<CheckItem> shortened(List<CheckItem> items, int limit) {
    return items.stream()
        .map(i -> new CheckItem(i.name(), i.pass(), cut(i.detail(), limit), cut(i.whatToDo(), limit)))
        .toList();
  }

  private static String cut(String text, int limit) {
    return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
  }

  private static int indexOf(List<CheckItem> items, String name) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String write(List<CheckItem> items) {
    try {
      return JSON.writeValueAsString(items);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the check report", e);
    }
  }
}
