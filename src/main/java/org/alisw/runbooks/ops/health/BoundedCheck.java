package org.alisw.runbooks.ops.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * A health indicator that asks a port on a pool thread and waits at most {@code timeout}; one look
 * at a time per indicator (a hanging system never piles up threads), its answer reused for {@code
 * cacheTtl}. A failure is DOWN with the exception's class and message only: the ports' messages
 * name hosts and projects, never credentials.
 */
abstract class BoundedCheck implements HealthIndicator {

  private final Executor executor;
  private final Duration timeout;
  private final Duration cacheTtl;
  private final Clock clock;
  private CompletableFuture<Health> running;
  private Health last;
  private Instant lastAt = Instant.MIN;

  BoundedCheck(Executor executor, HealthProperties properties, Clock clock) {
    this.executor = executor;
    this.timeout = properties.timeout();
    this.cacheTtl = properties.cacheTtl();
    this.clock = clock;
  }

  /** Asks the port; records what it saw in {@code builder} and sets the status (UP unless said). */
  protected abstract void check(Health.Builder builder) throws Exception;

  @Override
  public Health health() {
    CompletableFuture<Health> look;
    synchronized (this) {
      if (last != null && clock.instant().isBefore(lastAt.plus(cacheTtl))) {
        return last;
      }
      if (running == null) {
        CompletableFuture<Health> started = new CompletableFuture<>();
        try {
          executor.execute(() -> {
            Health health = look();
            remember(started, health);
            started.complete(health);
          });
        } catch (RejectedExecutionException e) {
          return failure(e);
        }
        running = started;
      }
      look = running;
    }
    try {
      return look.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Health.down().withDetail("error", "no answer within " + timeout).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.unknown().build();
    } catch (ExecutionException e) {
      return failure(e.getCause());
    }
  }

  private Health look() {
    try {
      Health.Builder builder = Health.up();
      check(builder);
      return builder.build();
    } catch (Exception | LinkageError e) {
      return failure(e);
    }
  }

  private synchronized void remember(CompletableFuture<Health> look, Health health) {
    if (running == look) {
      running = null;
    }
    last = health;
    lastAt = clock.instant();
  }

  static Health failure(Throwable e) {
    return Health.down().withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
  }

  /** For subclasses that look at several things: each one's outcome as a detail. */
  static void each(Health.Builder builder, Iterable<String> names, Consumer<String> look) {
    boolean allUp = true;
    for (String name : names) {
      try {
        look.accept(name);
      } catch (RuntimeException e) {
        allUp = false;
        builder.withDetail(name, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    if (!allUp) {
      builder.down();
    }
  }
}
