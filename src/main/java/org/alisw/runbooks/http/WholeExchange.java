package org.alisw.runbooks.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JDK {@link HttpClient} call bounded as a whole. {@code HttpRequest.timeout} stops counting once
 * the response headers arrive, so a server that sends them and then stalls would hold the calling
 * thread (a Camunda job-executor thread) forever; here the body must arrive within the timeout too.
 */
public final class WholeExchange {

  private WholeExchange() {}

  /**
   * The response with its body as a string, within {@code timeout}.
   *
   * @throws HttpTimeoutException when the whole exchange took longer (the exchange is cancelled)
   * @throws IOException as {@code HttpClient.send} would, for any other failure
   */
  public static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration timeout)
      throws IOException, InterruptedException {
    return send(http, request, HttpResponse.BodyHandlers.ofString(), timeout);
  }

  /** The same with any body handler (Keystone's token body is read as bytes). */
  public static <T> HttpResponse<T> send(
      HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body, Duration timeout)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<T>> answer = http.sendAsync(request, body);
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new HttpTimeoutException("request timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }
}
