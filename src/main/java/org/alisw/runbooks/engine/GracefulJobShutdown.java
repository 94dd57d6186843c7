package org.alisw.runbooks.engine;

import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A stopping node (SIGTERM, systemctl stop) stops acquiring jobs, lets the steps it is running
 * finish and commit for up to {@code runbooks.engine.shutdown-wait}, and says in the log how many
 * ran and whether any were left: before the database connections and the engine are closed, which
 * would otherwise fail the running steps half-way. A step still running after the wait is
 * interrupted; its transaction rolls back, and it runs again later (on this node's next start,
 * which releases its locks, or on another node once the lock expires).
 */
class GracefulJobShutdown implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GracefulJobShutdown.class);

  private final JobExecutor jobExecutor;
  private final ThreadPoolTaskExecutor executor;
  private final Duration wait;
  private final IntSupplier releaseOwnLocks;
  private volatile boolean running;

  /**
   * @param releaseOwnLocks releases the jobs still locked under this node's lock owner (acquired
   *     and never started, or failed while stopping) and says how many
   */
  GracefulJobShutdown(
      JobExecutor jobExecutor, ThreadPoolTaskExecutor executor, Duration wait, IntSupplier releaseOwnLocks) {
    this.jobExecutor = jobExecutor;
    this.executor = executor;
    this.wait = wait;
    this.releaseOwnLocks = releaseOwnLocks;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    ThreadPoolExecutor pool = executor.getThreadPoolExecutor();
    // No new jobs: the acquisition thread stops (the engine's own close later finds it stopped).
    jobExecutor.shutdown();
    int active = pool.getActiveCount();
    int queued = pool.getQueue().size();
    log.info(
        "Graceful shutdown: job executor stopped acquiring; {} job(s) running, {} acquired and not"
            + " started; waiting up to {} for them to finish",
        active, queued, wait);
    pool.shutdown();
    boolean finished;
    try {
      finished = pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (finished) {
      log.info("Graceful shutdown: every running job has ended; 0 left running");
      // Nothing of this node runs any more: a job still locked under its owner waits for nobody,
      // and another node may take it at once instead of after the lock time.
      int released = releaseOwnLocks.getAsInt();
      if (released > 0) {
        log.info("Graceful shutdown: released {} job lock(s) this node held without running them", released);
      }
    } else {
      log.warn(
          "Graceful shutdown: {} job(s) still running after {}: they are interrupted now, roll back"
              + " and run again when a node takes them up",
          pool.getActiveCount(), wait);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the web server's graceful shutdown (DEFAULT_PHASE - 1024) and long before bean destruction. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 512;
  }
}
