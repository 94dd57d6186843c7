package org.alisw.runbooks.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryQueryTest {

  private static Map<String, List<String>> params(String... pairs) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
    }
    return map;
  }

  @Test
  void readsEveryFilterAnAuditorAsksFor() {
    HistoryQuery query = HistoryQuery.parse(params(
        "key", "rebuild-agent", "host", "alibuild05", "startedBy", "operator1", "state", "Completed",
        "outcome", "end_event_agent_rebuilt", "from", "2026-11-01", "to", "2026-11-30", "includeCalled", "true",
        "firstResult", "50", "maxResults", "500"));
    assertThat(query).isEqualTo(new HistoryQuery("rebuild-agent", "alibuild05", "operator1", "completed",
        "end_event_agent_rebuilt", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
        true, 50, 500));
  }

  @Test
  void noFilterIsEveryRootRunbookNewestFirstFiftyAtATime() {
    assertThat(HistoryQuery.parse(Map.of())).isEqualTo(HistoryQuery.all());
    assertThat(HistoryQuery.all().maxResults()).isEqualTo(50);
    assertThat(HistoryQuery.all().includeCalled()).isFalse();
  }

  @Test
  void aDateTimeWithAnOffsetIsTakenAsThatInstant() {
    HistoryQuery query = HistoryQuery.parse(params("from", "2026-11-01T08:00:00+01:00", "to", "2026-11-01T09:30:00Z"));
    assertThat(query.from()).isEqualTo(Instant.parse("2026-11-01T07:00:00Z"));
    assertThat(query.to()).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
  }

  @Test
  void refusesWhatItCannotAnswerSayingWhichParameterAndWhy() {
    assertRefused(params("hostname", "alibuild05"), "Unknown filter hostname: the filters are firstResult, from, host, includeCalled, key, maxResults, outcome, startedBy, state, to.");
    assertRefused(params("host", "alibuild05; rm -rf /"), "host must be a server name such as alibuild05: got 'alibuild05; rm -rf /'");
    assertRefused(params("host", "   "), "host is empty");
    assertRefused(params("key", "Rebuild Agent"), "key must be a runbook key such as rebuild-agent");
    assertRefused(params("startedBy", "operator1\nadmin"), "startedBy must be a user id such as operator1: got 'operator1?admin'");
    assertRefused(params("state", "done"), "state must be one of canceled, completed, finished, running: got 'done'");
    assertRefused(params("outcome", "end event"), "outcome must be the id of an end event");
    assertRefused(params("from", "last month"), "from must be a date (2026-11-01) or a date-time with an offset (2026-11-01T08:00:00Z): got 'last month'");
    assertRefused(params("to", "2026-11-31"), "to must be a date");
    assertRefused(params("from", "2026-11-02", "to", "2026-11-01"), "from (2026-11-02T00:00:00Z) must be before to (2026-11-02T00:00:00Z)");
    assertRefused(params("maxResults", "501"), "maxResults must be a whole number from 1 to 500: got '501'");
    assertRefused(params("maxResults", "ten"), "maxResults must be a whole number from 1 to 500");
    assertRefused(params("firstResult", "-1"), "firstResult must be a whole number from 0 on");
    assertRefused(params("includeCalled", "yes"), "includeCalled must be true or false: got 'yes'");
    assertRefused(params("host", "alibuild05", "host", "alibuild06"), "host was given 2 times: give it once.");
  }

  @Test
  void aLongBadValueIsEchoedShortened() {
    String message = refusal(params("host", "x".repeat(500)));
    assertThat(message).hasSizeLessThan(200).contains("...");
  }

  private static void assertRefused(Map<String, List<String>> parameters, String says) {
    assertThat(refusal(parameters)).contains(says);
  }

  private static String refusal(Map<String, List<String>> parameters) {
    try {
      HistoryQuery.parse(parameters);
    } catch (HistoryRequestException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + parameters);
  }

  @Test
  void aRefusalIsAHistoryRequestException() {
    assertThatThrownBy(() -> HistoryQuery.parse(params("state", "x"))).isInstanceOf(HistoryRequestException.class);
  }
}
