package org.alisw.runbooks.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void oddCountMedianIsTheMiddleSample() {
    Stats s = Stats.of(5, 1, 3);
    assertThat(s.count()).isEqualTo(3);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.median()).isEqualTo(3);
    assertThat(s.max()).isEqualTo(5);
  }

  @Test
  void evenCountMedianAveragesTheTwoMiddles() {
    Stats s = Stats.of(List.of(4, 1, 3, 2));
    assertThat(s.median()).isEqualTo(2.5);
    assertThat(s.p50()).isEqualTo(2); // nearest rank: the lower middle
  }

  @Test
  void percentilesAreNearestRank() {
    double[] samples = IntStream.rangeClosed(1, 1000).mapToDouble(i -> i).toArray();
    Stats s = Stats.of(samples);
    assertThat(s.p50()).isEqualTo(500);
    assertThat(s.p99()).isEqualTo(990);
    assertThat(s.max()).isEqualTo(1000);
    // fewer than 100 samples: p99 is the largest, not an interpolation beyond the data
    assertThat(Stats.of(1, 2, 3, 100).p99()).isEqualTo(100);
  }

  @Test
  void doesNotSortTheCallersArray() {
    double[] samples = {3, 1, 2};
    Stats.of(samples);
    assertThat(samples).containsExactly(3, 1, 2);
  }

  @Test
  void formatsMedianWithMinAndMax() {
    assertThat(Stats.of(1.25, 2.5, 10).format(1)).isEqualTo("2.5 (1.3–10.0)");
  }

  @Test
  void refusesNoSamplesAndNonNumbers() {
    assertThatThrownBy(() -> Stats.of(new double[0])).hasMessageContaining("at least once");
    assertThatThrownBy(() -> Stats.of(1, Double.NaN)).hasMessageContaining("not a finite number");
  }
}
