package org.alisw.runbooks.runbook.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The outcome table fits Camunda's 4000-character text variables whatever the fleet's size. */
class FleetOutcomesTest {

  private static List<FleetOutcomes.Row> rows(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> new FleetOutcomes.Row("alibuild" + (100 + i), i % 10 == 0 ? "not-verified" : "rebuilt", 2, 300L + i,
            i % 10 == 0 ? "verify-host needs an operator at 'Report the puppet errors'" : null))
        .toList();
  }

  @Test
  void aLargeFleetsTableIsSplitIntoPagesThatEachFitAVariableAndLoseNoRow() throws Exception {
    List<String> json = FleetOutcomes.jsonPages(rows(150));
    List<String> text = FleetOutcomes.textPages(rows(150));

    assertThat(json).hasSizeGreaterThan(1).allSatisfy(page -> assertThat(page.length()).isLessThanOrEqualTo(FleetOutcomes.PAGE));
    assertThat(text).hasSizeGreaterThan(1).allSatisfy(page -> assertThat(page).startsWith("host ").hasSizeLessThanOrEqualTo(FleetOutcomes.PAGE));
    int parsed = 0;
    for (String page : json) {
      JsonNode array = new ObjectMapper().readTree(page);
      parsed += array.size();
    }
    assertThat(parsed).isEqualTo(150);
    assertThat(String.join("\n", text)).contains("alibuild249  rebuilt", "alibuild250  not-verified", "alibuild110  not-verified");
  }

  @Test
  void aSmallFleetsTableIsOnePage() {
    assertThat(FleetOutcomes.jsonPages(rows(12))).hasSize(1);
    assertThat(FleetOutcomes.summary(rows(12))).isEqualTo("12 hosts: 11 rebuilt, 1 not-verified");
  }

  @Test
  void hostsMayBeSeparatedByLinesCommasOrSpaces() {
    assertThat(FleetHosts.split(" alibuild701,alibuild702\nalibuild703 ;alibuild704\r\n\n")).containsExactly("alibuild701", "alibuild702", "alibuild703", "alibuild704");
    assertThat(FleetHosts.split(null)).isEmpty();
  }
}
