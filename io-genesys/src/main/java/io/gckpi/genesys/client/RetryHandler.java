package io.gckpi.genesys.client;

import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpIOExceptionHandler;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import com.google.api.client.util.BackOff;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.function.Consumer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one call does when Genesys answers anything but 2xx, as google-http-client's handlers, so
 * that its {@code HttpRequest.execute} loop repeats the request: a 401 renews the token once; a
 * 429 waits its Retry-After (or the backoff without one), unless the wait is longer than {@code
 * maxRetryAfter}, a daily quota, which fails the call at once instead of stalling a worker for
 * hours; 502/503/504, resets and timeouts wait the backoff and count towards the circuit breaker,
 * which stops the retries when it opens. Everything else is final. One handler serves one call:
 * it counts that call's retries, and what made it stop ({@link #failure}) is read after {@code
 * execute} returns.
 */
final class RetryHandler implements HttpUnsuccessfulResponseHandler, HttpIOExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RetryHandler.class);

  private final String what;
  private final ConnectionSettings settings;
  private final @Nullable CircuitBreaker breaker;
  private final ClientListener listener;
  private final BackOff backOff;
  private final ClientClock clock;
  private final @Nullable Runnable renewToken;
  private final Consumer<HttpHeaders> onHeaders;

  private int retries;
  private boolean tokenRenewed;
  private boolean gaveUp;
  private @Nullable GenesysApiException failure;

  /**
   * {@code breaker} null for the OAuth server, which has no breaker of its own; {@code renewToken}
   * null where a 401 is final; {@code onHeaders} sees every answer's headers (the rate limiter's
   * view of Genesys' allowance).
   */
  RetryHandler(String what, ConnectionSettings settings, @Nullable CircuitBreaker breaker,
      ClientListener listener, BackOff backOff, ClientClock clock, @Nullable Runnable renewToken,
      Consumer<HttpHeaders> onHeaders) {
    this.what = what;
    this.settings = settings;
    this.breaker = breaker;
    this.listener = listener;
    this.backOff = backOff;
    this.clock = clock;
    this.renewToken = renewToken;
    this.onHeaders = onHeaders;
  }

  /** Sets this handler on {@code request}, with room for every retry it may allow. */
  HttpRequest attachTo(HttpRequest request) {
    return request
        .setNumberOfRetries(settings.maxRetries() + 2)
        .setUnsuccessfulResponseHandler(this)
        .setIOExceptionHandler(this);
  }

  @Override
  public boolean handleResponse(HttpRequest request, HttpResponse response, boolean supportsRetry)
      throws IOException {
    int status = response.getStatusCode();
    HttpHeaders headers = response.getHeaders();
    onHeaders.accept(headers);
    String correlationId = correlationId(headers);
    if (status == 401 && renewToken != null && !tokenRenewed) {
      tokenRenewed = true;
      renewToken.run();
      return supportsRetry;
    }
    if (status == 429) {
      long retryAfterMillis = retryAfterMillis(headers);
      listener.onRateLimited(retryAfterMillis);
      if (retryAfterMillis > settings.maxRetryAfter().toMillis()) {
        failure = quotaExhausted(status, retryAfterMillis, correlationId);
        return false;
      }
      return retry(status, correlationId, retryAfterMillis, null, supportsRetry);
    }
    if (status >= 500 && breaker != null && breaker.recordServerError()) {
      LOG.error("Circuit breaker opened after {} consecutive server errors; last {} on {}"
              + " (correlation id {})",
          breaker.consecutiveFailures(), status, what, correlationId);
      failure = new GenesysApiException("Circuit breaker opened after "
          + breaker.consecutiveFailures() + " consecutive server errors from Genesys; last: "
          + status + " on " + what + quoting(correlationId), status, correlationId, true);
      return false;
    }
    boolean transientStatus = breaker == null
        ? status >= 500
        : status == 502 || status == 503 || status == 504;
    return transientStatus && retry(status, correlationId, -1, null, supportsRetry);
  }

  @Override
  public boolean handleIOException(HttpRequest request, boolean supportsRetry)
      throws IOException {
    // Reset, refused or timed out: no answer to judge, so a transient server error.
    if (breaker != null) {
      breaker.recordServerError();
    }
    return retry(0, null, -1, "I/O failure", supportsRetry);
  }

  private boolean retry(int status, @Nullable String correlationId, long retryAfterMillis,
      @Nullable String cause, boolean supportsRetry) throws IOException {
    retries++;
    String failed = cause != null ? cause : "HTTP " + status;
    if (retries > settings.maxRetries() || !supportsRetry) {
      gaveUp = true;
      LOG.error("Giving up on {} after {} retries: {} (correlation id {})", what,
          settings.maxRetries(), failed, correlationId);
      return false;
    }
    long backOffMillis = backOff.nextBackOffMillis();
    long sleepMillis = retryAfterMillis >= 0 ? retryAfterMillis : Math.max(0, backOffMillis);
    LOG.warn("Retrying {} after {}: attempt {} of {}, sleeping {} ms (correlation id {})", what,
        failed, retries, settings.maxRetries(), sleepMillis, correlationId);
    listener.onRetry(status, retries, sleepMillis);
    try {
      clock.sleep(sleepMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to retry " + what);
    }
    return true;
  }

  private GenesysApiException quotaExhausted(int status, long retryAfterMillis,
      String correlationId) {
    Instant reset = Instant.ofEpochMilli(clock.nowMillis() + retryAfterMillis);
    LOG.error("Quota exhausted on {} until {} (correlation id {})", what, reset, correlationId);
    return new GenesysApiException("Genesys API quota exhausted: 429 with Retry-After "
        + retryAfterMillis / 1000 + " s (over the limit of " + settings.maxRetryAfter().toSeconds()
        + " s); it resets at " + reset + ". Not waiting" + quoting(correlationId), status,
        correlationId, false);
  }

  /** Why the call stopped retrying early (a daily quota, an opened breaker); null otherwise. */
  @Nullable GenesysApiException failure() {
    return failure;
  }

  /** The call used up its retries. */
  boolean gaveUp() {
    return gaveUp;
  }

  /** The error for a call that used up its retries; {@code cause} the last I/O failure. */
  GenesysApiException gaveUpError(int status, @Nullable String correlationId,
      @Nullable Exception cause) {
    String failed = status == 0 ? "I/O failure (" + cause + ")" : "HTTP " + status;
    return new GenesysApiException("Gave up on " + what + " after " + settings.maxRetries()
        + " retries; last failure: " + failed + quoting(correlationId), status, correlationId,
        true, cause);
  }

  /** A 401 answered again after the token was renewed. */
  boolean tokenRenewed() {
    return tokenRenewed;
  }

  static @Nullable String correlationId(HttpHeaders headers) {
    return headers.getFirstHeaderStringValue("inin-correlation-id");
  }

  /** The correlation id in the form every error message quotes it. */
  static String quoting(@Nullable String correlationId) {
    return " (ININ-Correlation-Id " + correlationId + ")";
  }

  static long retryAfterMillis(HttpHeaders headers) {
    long seconds = longHeader(headers, "retry-after");
    return seconds < 0 ? -1 : seconds * 1000;
  }

  static long longHeader(HttpHeaders headers, String name) {
    String value = headers.getFirstHeaderStringValue(name);
    if (value == null) {
      return -1;
    }
    try {
      return (long) Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
