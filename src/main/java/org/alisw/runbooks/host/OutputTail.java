package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Drains one output stream of a remote command in its own thread and keeps only its last {@code
 * limit} bytes: the end of a puppet run is where the errors are, and the beginning may be
 * megabytes of notices. Both streams of a command are drained at once so that a chatty stream
 * never blocks the other on a full channel window. Terminal escape sequences (puppet's colours) are
 * dropped as they arrive, so the kept tail is plain text.
 */
final class OutputTail {

  private static final byte ESC = 0x1B;

  /** Where the stream is in a terminal escape sequence. */
  private enum Escape {
    NONE,
    STARTED,
    INTERMEDIATE,
    CSI
  }

  private final byte[] ring;
  private Escape escape = Escape.NONE;
  private final CountDownLatch finished = new CountDownLatch(1);
  private long total;

  private OutputTail(int limit) {
    this.ring = new byte[limit];
  }

  /** Starts draining {@code in} on {@code executor} until end of stream or an I/O error. */
  static OutputTail drain(InputStream in, int limit, Executor executor) {
    OutputTail tail = new OutputTail(limit);
    executor.execute(() -> tail.readAll(in));
    return tail;
  }

  private void readAll(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // The channel was closed under us (timeout, dropped connection): keep what arrived.
    } finally {
      finished.countDown();
    }
  }

  synchronized void append(byte[] bytes, int length) {
    int kept = withoutEscapes(bytes, length);
    int offset = Math.max(0, kept - ring.length);
    for (int i = offset; i < kept; i++) {
      ring[(int) ((total + i) % ring.length)] = bytes[i];
    }
    total += kept;
  }

  /**
   * Drops terminal escape sequences in place ({@code ESC [ ... final byte}, {@code ESC
   * intermediates final byte}), rewriting {@code bytes},
   * even when split across reads, and returns how many bytes are left. Puppet colours its lines
   * with them even without a terminal: kept, they would clutter Cockpit and the operator's form,
   * and text from a host has no business steering anyone's terminal.
   */
  private int withoutEscapes(byte[] bytes, int length) {
    int kept = 0;
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      switch (escape) {
        case NONE -> {
          if (b == ESC) {
            escape = Escape.STARTED;
          } else {
            bytes[kept++] = b;
          }
        }
        case STARTED -> escape = b == '[' ? Escape.CSI : isIntermediate(b) ? Escape.INTERMEDIATE : Escape.NONE;
        case INTERMEDIATE -> {
          // ESC ( B and the like: intermediate bytes (0x20-0x2F), then one final byte.
          if (!isIntermediate(b)) {
            escape = Escape.NONE;
          }
        }
        case CSI -> {
          // Parameter and intermediate bytes (0x20-0x3F) until the final byte (0x40-0x7E).
          if (b < 0x20 || b > 0x3F) {
            escape = Escape.NONE;
          }
        }
      }
    }
    return kept;
  }

  private static boolean isIntermediate(byte b) {
    return b >= 0x20 && b <= 0x2F;
  }

  /** Waits for end of stream at most {@code millis}; true when the stream ended. */
  boolean awaitEnd(long millis) throws InterruptedException {
    return finished.await(millis, TimeUnit.MILLISECONDS);
  }

  synchronized boolean truncated() {
    return total > ring.length;
  }

  /** The kept tail as UTF-8; a character cut in half at the start becomes U+FFFD. */
  synchronized String text() {
    int kept = (int) Math.min(total, ring.length);
    byte[] out = new byte[kept];
    long start = total - kept;
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
