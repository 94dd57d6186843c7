package org.alisw.runbooks.sandbox.host;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The coreutils {@code timeout [--kill-after=N] DURATION command...} prefix the runbooks put in
 * front of long commands, as far as the simulated hosts need it: durations in seconds with an
 * optional {@code s} suffix. A command that outlives {@code limit} gets TERM and ends with exit
 * status 124 (137 when it also outlives {@code killAfter} and is sent KILL).
 */
record TimeoutPrefix(Duration limit, Duration killAfter, List<String> command) {

  /** GNU timeout's exit status when it had to stop the command. */
  static final int TIMED_OUT = 124;

  /** The prefix of {@code words}, if they start with {@code timeout}. */
  static Optional<TimeoutPrefix> parse(List<String> words) {
    if (words.isEmpty() || !words.get(0).equals("timeout")) {
      return Optional.empty();
    }
    int next = 1;
    Duration killAfter = null;
    if (next < words.size() && words.get(next).startsWith("--kill-after=")) {
      killAfter = duration(words.get(next).substring("--kill-after=".length()));
      next++;
    }
    if (next >= words.size() - 1) {
      throw new IllegalArgumentException("missing operand");
    }
    Duration limit = duration(words.get(next));
    return Optional.of(new TimeoutPrefix(limit, killAfter, List.copyOf(words.subList(next + 1, words.size()))));
  }

  private static Duration duration(String text) {
    String number = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
    try {
      BigDecimal seconds = new BigDecimal(number);
      if (seconds.signum() < 0) {
        throw new NumberFormatException(text);
      }
      return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("invalid time interval '" + text + "'");
    }
  }
}
