package org.alisw.runbooks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SandboxWorld#save()} is a group commit: the simulators call it before every answer, and
 * with hundreds of answers at once one write serves every caller that queued behind the write
 * under way, while no caller returns before its own change is on disk.
 */
class SandboxWorldGroupCommitTest {

  private static final int CALLERS = 9;

  @TempDir Path directory;

  /** A part holding one counter; its snapshot can be held back to let callers queue up. */
  private static final class Counter {
    final AtomicInteger value = new AtomicInteger();
    final AtomicInteger snapshots = new AtomicInteger();
    final CountDownLatch firstSnapshotHeld = new CountDownLatch(1);
    final CountDownLatch releaseFirstSnapshot = new CountDownLatch(1);

    Integer snapshot() {
      if (snapshots.incrementAndGet() == 1) {
        firstSnapshotHeld.countDown();
        await(releaseFirstSnapshot);
      }
      return value.get();
    }
  }

  @Test
  void callersWaitingForAWriteShareTheNextOneAndEachFindsItsChangeOnDisk() throws Exception {
    Counter counter = new Counter();
    try (SandboxWorld world = SandboxWorld.open(directory)) {
      world.attach("counter", SandboxWorld.part(Integer.class, counter::snapshot, v -> {}));
      List<Integer> seenOnDisk = new ArrayList<>();
      counter.value.incrementAndGet();
      Thread first = new Thread(world::save);
      first.start();
      await(counter.firstSnapshotHeld);

      List<Thread> queued = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        Thread caller = new Thread(() -> {
          int mine = counter.value.incrementAndGet();
          world.save();
          int onDisk = readCounter();
          synchronized (seenOnDisk) {
            seenOnDisk.add(onDisk >= mine ? mine : -mine);
          }
        });
        caller.start();
        queued.add(caller);
      }
      for (Thread caller : queued) {
        awaitBlocked(caller);
      }
      counter.releaseFirstSnapshot.countDown();
      first.join(10_000);
      for (Thread caller : queued) {
        caller.join(10_000);
      }

      assertThat(seenOnDisk).as("every caller found its own change on disk when save returned").hasSize(CALLERS).allMatch(v -> v > 0);
      assertThat(counter.snapshots.get()).as("the first write, then one for the nine that queued behind it").isEqualTo(2);
      assertThat(readCounter()).isEqualTo(CALLERS + 1);
    }
  }

  @Test
  void aSaveAfterTheLastWriteWritesAgain() throws Exception {
    Counter counter = new Counter();
    counter.snapshots.set(1); // no held snapshot in this test
    try (SandboxWorld world = SandboxWorld.open(directory)) {
      world.attach("counter", SandboxWorld.part(Integer.class, counter::snapshot, v -> {}));
      for (int i = 1; i <= 3; i++) {
        counter.value.set(i);
        world.save();
        assertThat(readCounter()).isEqualTo(i);
      }
    }
  }

  private int readCounter() {
    try {
      return new ObjectMapper().readTree(Files.readString(directory.resolve(SandboxWorld.FILE))).path("parts").path("counter").asInt();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A caller is queued once it blocks on the world's write lock (or has finished, which the asserts catch). */
  private static void awaitBlocked(Thread caller) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (caller.getState() != Thread.State.BLOCKED && caller.isAlive() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(caller.getState()).as(caller.getName() + " waits for the write under way").isEqualTo(Thread.State.BLOCKED);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
