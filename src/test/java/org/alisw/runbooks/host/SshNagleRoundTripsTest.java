package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's SSH comparison really connects, authenticates and runs a command in each variant. */
class SshNagleRoundTripsTest {

  @Test
  void measuresEveryVariantWithTheCommandAnswered() throws Exception {
    Map<SshNagleRoundTrips.Variant, List<Double>> millis = SshNagleRoundTrips.measure(3, 1);

    assertThat(millis.keySet()).extracting(SshNagleRoundTrips.Variant::label).containsExactly(
        "client Nagle, server Nagle", "client TCP_NODELAY, server Nagle", "client TCP_NODELAY, server TCP_NODELAY");
    // oneStep throws unless the command's output and exit status came back, so three samples each
    // mean three complete SSH steps per variant; the warm-up round is not among them.
    assertThat(millis.values()).allSatisfy(samples -> assertThat(samples).hasSize(3).allSatisfy(ms -> assertThat(ms).isPositive()));
  }
}
