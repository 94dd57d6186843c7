package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
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

  @Test
  void dropsTerminalColourCodesEvenWhenSplitAcrossReads() throws Exception {
    String coloured =
        "\u001B[0;32mInfo: Caching catalog\u001B[0m\n\u001B[1;35mError: Could not apply\u001B[0m\n\u001B(B";

    OutputTail tail = drained(new OneByteAtATime(coloured), 1024);

    assertThat(tail.text()).isEqualTo("Info: Caching catalog\nError: Could not apply\n");
  }

  @Test
  void theLimitCountsTextWithoutColourCodes() throws Exception {
    OutputTail tail = drained("\u001B[0;36mNotice: Applied catalog in 4.21 seconds\u001B[0m\n", 16);

    assertThat(tail.text()).isEqualTo("in 4.21 seconds\n");
    assertThat(tail.truncated()).isTrue();
  }

  private static OutputTail drained(String text, int limit) throws Exception {
    return drained(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
  }

  private static OutputTail drained(InputStream in, int limit) throws Exception {
    OutputTail tail = OutputTail.drain(in, limit, Runnable::run);
    assertThat(tail.awaitEnd(1000)).isTrue();
    return tail;
  }

  /** A stream that hands out one byte per read, as a slow channel may. */
  private static final class OneByteAtATime extends ByteArrayInputStream {
    OneByteAtATime(String text) {
      super(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1));
    }
  }
}
