package org.alisw.runbooks.ops.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts {@code {"text": ...}} (Mattermost and Slack incoming webhooks) on its own thread, retrying
 * a failed send (5xx, 429, no answer) with a doubling backoff. {@link #offer} never blocks: it
 * drops the message when {@code queueCapacity} messages are already pending. The webhook URL
 * carries the hook's secret and is never logged; logs name its host only.
 */
public final class WebhookNotifier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NotifyProperties properties;
  private final URI url;
  private final HttpClient client;
  private final ScheduledExecutorService sender;
  private final Semaphore pending;

  public WebhookNotifier(NotifyProperties properties, ScheduledExecutorService sender) {
    this.properties = properties;
    this.url = properties.enabled() ? URI.create(properties.webhookUrl().trim()) : null;
    if (url != null && (url.getHost() == null || !url.getScheme().matches("https?"))) {
      throw new IllegalStateException("runbooks.ops.notify.webhook-url must be an http(s) URL");
    }
    this.client = HttpClient.newBuilder().connectTimeout(properties.requestTimeout()).build();
    this.sender = sender;
    this.pending = new Semaphore(properties.queueCapacity());
  }

  public boolean enabled() {
    return url != null;
  }

  public NotifyProperties properties() {
    return properties;
  }

  /** Queues the message; false when notifications are off or the queue is full. Never blocks. */
  public boolean offer(String text) {
    if (url == null) {
      return false;
    }
    if (!pending.tryAcquire()) {
      log.warn("Notification dropped: {} messages already wait for {}", properties.queueCapacity(), url.getHost());
      return false;
    }
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("text", text));
    } catch (Exception e) {
      pending.release();
      throw new IllegalArgumentException("cannot write the notification as JSON", e);
    }
    try {
      sender.execute(() -> send(body, 1));
    } catch (RuntimeException e) {
      pending.release();
      log.warn("Notification dropped: sender stopped ({})", e.toString());
      return false;
    }
    return true;
  }

  private void send(String body, int attempt) {
    String failure;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(properties.requestTimeout())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        pending.release();
        return;
      }
      failure = "HTTP " + status;
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        pending.release();
        log.warn("Notification refused by {}: {} (not retried)", url.getHost(), failure);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.release();
      return;
    } catch (Exception e) {
      failure = e.getClass().getSimpleName();
    }
    if (attempt >= properties.attempts()) {
      pending.release();
      log.warn("Notification to {} given up after {} attempts: {}", url.getHost(), attempt, failure);
      return;
    }
    Duration backoff = backoff(attempt);
    log.info("Notification to {} failed ({}), attempt {} of {}; again in {}", url.getHost(), failure, attempt, properties.attempts(), backoff);
    try {
      sender.schedule(() -> send(body, attempt + 1), backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      pending.release();
    }
  }

  Duration backoff(int attempt) {
    Duration d = properties.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : d;
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
