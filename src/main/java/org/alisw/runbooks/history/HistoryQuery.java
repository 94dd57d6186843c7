package org.alisw.runbooks.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The filters of "which runbooks": what an auditor asks ("what was done to alibuild05 last
 * month"). Parsed from query parameters and refused whole when any of them is wrong, unknown ones
 * included: a misspelt {@code hostname=} silently ignored would answer a different question.
 *
 * @param key process definition key (rebuild-agent), or null for every runbook
 * @param host the runbook's {@code hostname} variable, or null
 * @param startedBy who started it, or null
 * @param state running, finished, completed or canceled, or null for all
 * @param outcome the id of the end event it reached (end_event_agent_rebuilt), or null
 * @param from started at or after, or null
 * @param to started before, or null
 * @param includeCalled whether runbooks called by another one are listed on their own too
 */
public record HistoryQuery(
    String key,
    String host,
    String startedBy,
    String state,
    String outcome,
    Instant from,
    Instant to,
    boolean includeCalled,
    int firstResult,
    int maxResults) {

  static final int DEFAULT_MAX_RESULTS = 50;
  static final int MAX_RESULTS = 500;
  static final Set<String> STATES = Set.of("running", "finished", "completed", "canceled");
  static final Set<String> PARAMETERS =
      Set.of("key", "host", "startedBy", "state", "outcome", "from", "to", "includeCalled", "firstResult", "maxResults");

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]{0,63}");
  private static final Pattern HOST = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Pattern ACTIVITY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,99}");

  /** Every runbook, newest first, the first page. */
  public static HistoryQuery all() {
    return new HistoryQuery(null, null, null, null, null, null, null, false, 0, DEFAULT_MAX_RESULTS);
  }

  /**
   * The query the parameters ask for; a {@link HistoryRequestException} naming the parameter, the
   * value and what is expected otherwise.
   */
  public static HistoryQuery parse(Map<String, List<String>> parameters) {
    Set<String> unknown = new TreeSet<>(parameters.keySet());
    unknown.removeAll(PARAMETERS);
    if (!unknown.isEmpty()) {
      throw new HistoryRequestException(
          "Unknown filter " + String.join(", ", unknown) + ": the filters are " + String.join(", ", new TreeSet<>(PARAMETERS)) + ".");
    }
    String state = matching(parameters, "state", null, "one of " + String.join(", ", new TreeSet<>(STATES)));
    if (state != null) {
      state = state.toLowerCase(Locale.ROOT);
      if (!STATES.contains(state)) {
        throw new HistoryRequestException(
            "state must be one of " + String.join(", ", new TreeSet<>(STATES)) + ": got '" + state + "'.");
      }
    }
    Instant from = date(parameters, "from", false);
    Instant to = date(parameters, "to", true);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new HistoryRequestException("from (" + from + ") must be before to (" + to + ").");
    }
    return new HistoryQuery(
        matching(parameters, "key", KEY, "a runbook key such as rebuild-agent"),
        matching(parameters, "host", HOST, "a server name such as alibuild05"),
        matching(parameters, "startedBy", USER, "a user id such as operator1"),
        state,
        matching(parameters, "outcome", ACTIVITY, "the id of an end event such as end_event_agent_rebuilt"),
        from,
        to,
        bool(parameters, "includeCalled"),
        number(parameters, "firstResult", 0, 0, Integer.MAX_VALUE),
        number(parameters, "maxResults", DEFAULT_MAX_RESULTS, 1, MAX_RESULTS));
  }

  private static String single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new HistoryRequestException(name + " was given " + values.size() + " times: give it once.");
    }
    String value = values.get(0) == null ? "" : values.get(0).trim();
    if (value.isEmpty()) {
      throw new HistoryRequestException(name + " is empty: leave it out to not filter on it.");
    }
    return value;
  }

  private static String matching(Map<String, List<String>> parameters, String name, Pattern pattern, String expected) {
    String value = single(parameters, name);
    if (value != null && pattern != null && !pattern.matcher(value).matches()) {
      throw new HistoryRequestException(name + " must be " + expected + ": got '" + shortened(value) + "'.");
    }
    return value;
  }

  private static boolean bool(Map<String, List<String>> parameters, String name) {
    String value = single(parameters, name);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new HistoryRequestException(name + " must be true or false: got '" + shortened(value) + "'.");
    };
  }

  private static int number(Map<String, List<String>> parameters, String name, int fallback, int min, int max) {
    String value = single(parameters, name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new HistoryRequestException(
        name + " must be a whole number from " + min + (max == Integer.MAX_VALUE ? " on" : " to " + max) + ": got '" + shortened(value) + "'.");
  }

  /**
   * A date (2026-11-01, UTC; as {@code to}: the end of that day) or a date-time with an offset
   * (2026-11-01T08:00:00Z).
   */
  private static Instant date(Map<String, List<String>> parameters, String name, boolean endOfDay) {
    String value = single(parameters, name);
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new HistoryRequestException(
          name + " must be a date (2026-11-01) or a date-time with an offset (2026-11-01T08:00:00Z): got '" + shortened(value) + "'.");
    }
  }

  /** Bad input is echoed, but not a page of it. */
  private static String shortened(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
  }
}
