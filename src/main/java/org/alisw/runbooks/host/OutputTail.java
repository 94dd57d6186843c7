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
 * never blocks the other on a full channel window.
 */
final class OutputTail {

  private final byte[] ring;
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
    int offset = Math.max(0, length - ring.length);
    for (int i = offset; i < length; i++) {
      ring[(int) ((total + i) % ring.length)] = bytes[i];
    }
    total += length;
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
