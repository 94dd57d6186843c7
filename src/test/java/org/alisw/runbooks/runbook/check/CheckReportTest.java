package org.alisw.runbooks.runbook.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.Test;

/** The report's JSON and summary, and Camunda's 4000-character limit for a string variable. */
class CheckReportTest {

  @Test
  void recordsItemsInOrderAndReplacesAnItemOfTheSameName() {
    Map<String, Object> variables = new HashMap<>();
    VariableScope scope = scope(variables);

    CheckReport.record(scope, CheckItem.passed("a", "fine"));
    CheckReport.record(scope, CheckItem.failed("b", "broken", "fix it"));
    CheckReport.record(scope, CheckItem.passed("b", "fixed"));

    assertThat(CheckReport.read(scope)).containsExactly(CheckItem.passed("a", "fine"), CheckItem.passed("b", "fixed"));
    assertThat((String) variables.get("checkReport"))
        .isEqualTo("[{\"name\":\"a\",\"pass\":true,\"detail\":\"fine\",\"whatToDo\":\"\"},"
            + "{\"name\":\"b\",\"pass\":true,\"detail\":\"fixed\",\"whatToDo\":\"\"}]");
  }

  @Test
  void summarySaysHowManyFailedAndWhatToDo() {
    String summary = CheckReport.summary(List.of(CheckItem.passed("a", "fine"), CheckItem.failed("b", "broken", "fix it")));

    assertThat(summary).isEqualTo("1 of 2 checks failed.\nPASS a: fine\nFAIL b: broken → fix it");
  }

  @Test
  void longDetailsAreShortenedUntilTheReportFitsInAStringVariable() {
    List<CheckItem> items = new ArrayList<>();
    IntStream.range(0, 13).forEach(i -> items.add(CheckItem.failed("project-" + i + ": check", "x".repeat(2000), "y".repeat(2000))));

    String json = CheckReport.toJson(items);

    assertThat(json.length()).isLessThanOrEqualTo(CheckReport.MAX_CHARS);
    assertThat(CheckReport.parse(json)).extracting(CheckItem::name).containsExactlyElementsOf(items.stream().map(CheckItem::name).toList());
    assertThat(CheckReport.parse(json).get(0).detail()).endsWith("…");
    assertThat(CheckReport.summary(items).length()).isLessThanOrEqualTo(CheckReport.MAX_CHARS);
  }

  @Test
  void aReportThatCannotFitSaysSo() {
    List<CheckItem> items = new ArrayList<>();
    IntStream.range(0, 200).forEach(i -> items.add(CheckItem.failed("project-" + i + ": credentials authenticate", "no", "fix")));

    assertThatThrownBy(() -> CheckReport.toJson(items)).hasMessageContaining("check fewer projects at a time");
  }

  /** A variable scope over a plain map, as a delegate's execution is one. */
  private static VariableScope scope(Map<String, Object> variables) {
    VariableScope scope = mock(VariableScope.class);
    when(scope.getVariable(anyString())).thenAnswer(call -> variables.get(call.<String>getArgument(0)));
    doAnswer(call -> variables.put(call.getArgument(0), call.getArgument(1))).when(scope).setVariable(anyString(), any());
    return scope;
  }
}
