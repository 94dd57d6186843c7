package org.alisw.runbooks.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** SIGTERM: acquisition stops, running jobs end, own locks are released only once nothing runs. */
class GracefulJobShutdownTest {

  private final JobExecutor jobExecutor = mock(JobExecutor.class);
  private final AtomicInteger releases = new AtomicInteger();

  @Test
  void aRunningJobFinishesBeforeStopReturnsAndLocksAreReleasedAfterIt() throws Exception {
    ThreadPoolTaskExecutor pool = pool();
    CountDownLatch running = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    pool.execute(() -> {
      running.countDown();
      sleep(700);
      finished.set(true);
    });
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    new GracefulJobShutdown(jobExecutor, pool, Duration.ofSeconds(10), releases::incrementAndGet).stop();

    verify(jobExecutor).shutdown();
    assertThat(finished).as("the running job ended before stop() returned").isTrue();
    assertThat(releases).hasValue(1);
  }

  @Test
  void aJobOutlastingTheWaitIsLeftToRollBackAndNoLockIsReleased() throws Exception {
    ThreadPoolTaskExecutor pool = pool();
    CountDownLatch running = new CountDownLatch(1);
    pool.execute(() -> {
      running.countDown();
      sleep(3_000);
    });
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

    new GracefulJobShutdown(jobExecutor, pool, Duration.ofMillis(200), releases::incrementAndGet).stop();

    assertThat(pool.getThreadPoolExecutor().isTerminated()).isFalse();
    assertThat(releases).as("its lock stays: it may still commit").hasValue(0);
    pool.getThreadPoolExecutor().shutdownNow();
  }

  private static ThreadPoolTaskExecutor pool() {
    ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
    pool.setCorePoolSize(2);
    pool.initialize();
    return pool;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
