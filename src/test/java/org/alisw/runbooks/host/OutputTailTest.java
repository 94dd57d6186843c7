package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

  @Test
  void keepsEverythingUnderTheLimit() throws Exception {
    OutputTail tail = drained("short\n", 64);

    assertThat(tail.text()).isEqualTo("short\n");
    assertThat(tail.truncated()).isFalse();
  }

  @Test
  void keepsTheLastBytesAcrossManyWraps() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      text.append("line ").append(i).append('\n');
    }

    OutputTail tail = drained(text.toString(), 20);

    assertThat(tail.text()).isEqualTo(text.substring(text.length() - 20));
    assertThat(tail.truncated()).isTrue();
  }

  private static OutputTail drained(String text, int limit) throws Exception {
    OutputTail tail =
        OutputTail.drain(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit, Runnable::run);
    assertThat(tail.awaitEnd(1000)).isTrue();
    return tail;
  }
}
