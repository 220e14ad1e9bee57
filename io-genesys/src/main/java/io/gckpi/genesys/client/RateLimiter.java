package io.gckpi.genesys.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per OAuth client. Genesys counts requests per client-credentials token, so every
 * {@link GenesysClient} in a JVM with the same API base URL and client id draws from one bucket
 * ({@link #shared}): all windows a worker reads at once share one budget instead of each assuming
 * the whole limit.
 *
 * <p>The bucket refills at {@code requestsPerMinute / 60} per second and holds a small burst. A
 * bucket alone lets its burst come on top of a minute's refill (a full bucket, then a minute at the
 * refill rate, is {@code requestsPerMinute + burst}), so the limiter also remembers when its last
 * {@code requestsPerMinute} requests went and holds the next until the oldest of them is a minute
 * (and {@link #WINDOW_MARGIN_MILLIS}) old: never more than the limit in any 60 seconds, however
 * the server cuts its minutes, and a steady read still runs at the full limit. It also listens to the server: when {@code inin-ratelimit-count} passes 80 % of {@code
 * inin-ratelimit-allowed} (other clients of the same org use the budget too), the requests left are
 * spread evenly over the time until {@code inin-ratelimit-reset}.
 *
 * <p>Callers reserve a slot under the lock and sleep outside it, so waiting callers queue in order
 * and the lock is never held while sleeping.
 */
final class RateLimiter {
  static final double SERVER_PACING_THRESHOLD = 0.8;

  /**
   * Added to the minute a request waits for its limit's worth of predecessors to age: requests
   * reach the server a little after they go, some later than others, and the server counts them
   * as they arrive.
   */
  static final long WINDOW_MARGIN_MILLIS = 500;

  /** Past this limit a minute's request times are not kept; the bucket alone paces. */
  static final int MAX_REMEMBERED = 20_000;

  private static final ConcurrentMap<String, RateLimiter> SHARED = new ConcurrentHashMap<>();

  private final double tokensPerMilli;
  private final double capacity;
  private final ClientClock clock;

  private double tokens;
  private long lastRefillMillis;

  /** Earliest time the next request may go, from server-side pacing; 0 when not pacing. */
  private long pacedUntilMillis;

  private long pacingIntervalMillis;
  private long pacingEndsMillis;

  /** When the last {@code sent.length} requests go (a ring, oldest at {@code next}); or null. */
  private final long[] sent;
  private int next;
  private long reserved;
  private long lastStartMillis;

  RateLimiter(int requestsPerMinute, int burst, ClientClock clock) {
    if (requestsPerMinute <= 0 || burst <= 0) {
      throw new IllegalArgumentException(
          "Rate limit and burst must be > 0, got " + requestsPerMinute + "/min burst " + burst);
    }
    this.tokensPerMilli = requestsPerMinute / 60_000.0;
    this.capacity = burst;
    this.clock = clock;
    this.tokens = burst;
    this.lastRefillMillis = clock.nowMillis();
    this.sent = requestsPerMinute <= MAX_REMEMBERED ? new long[requestsPerMinute] : null;
  }

  /**
   * A small burst: a tenth of a second's worth of the limit per second, at least one, at most 10.
   */
  static int defaultBurst(int requestsPerMinute) {
    return Math.max(1, Math.min(10, requestsPerMinute / 60));
  }

  /**
   * The one limiter for this (API, client id) in this JVM. The first client to ask sets its rate;
   * later clients of the same OAuth client share it whatever limit they were given.
   */
  static RateLimiter shared(String apiBaseUrl, String clientId, int requestsPerMinute) {
    return SHARED.computeIfAbsent(
        apiBaseUrl + "|" + clientId,
        key ->
            new RateLimiter(
                requestsPerMinute, defaultBurst(requestsPerMinute), ClientClock.SYSTEM));
  }

  /** Blocks until a request may be sent; returns how long it waited. */
  long acquire() throws InterruptedException {
    long waitMillis = reserve();
    if (waitMillis > 0) {
      clock.sleep(waitMillis);
    }
    return waitMillis;
  }

  /** Takes a token (possibly from the future) and returns how long to wait before using it. */
  synchronized long reserve() {
    long now = clock.nowMillis();
    refill(now);
    tokens -= 1;
    // The epsilon keeps float error from turning an exact 500 ms wait into 501 ms.
    long bucketWait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerMilli - 1e-6);
    long start = now + bucketWait;
    if (pacingIntervalMillis > 0 && start < pacingEndsMillis) {
      start = Math.max(start, pacedUntilMillis);
      pacedUntilMillis = start + pacingIntervalMillis;
    }
    // Requests go in the order they reserved, so the ring holds send times in order.
    start = Math.max(start, lastStartMillis);
    if (sent != null) {
      if (reserved >= sent.length) {
        start = Math.max(start, sent[next] + 60_000 + WINDOW_MARGIN_MILLIS);
      }
      sent[next] = start;
      next = (next + 1) % sent.length;
    }
    reserved++;
    lastStartMillis = start;
    return start - now;
  }

  /**
   * Feeds the server's view of the budget: {@code count} of {@code allowed} used, renewing in
   * {@code resetMillis}. Any argument below zero means the header was absent.
   */
  synchronized void observe(long allowed, long count, long resetMillis) {
    if (allowed <= 0 || count < 0 || resetMillis < 0) {
      return;
    }
    long now = clock.nowMillis();
    if (count >= allowed * SERVER_PACING_THRESHOLD) {
      long remaining = Math.max(allowed - count, 0);
      pacingIntervalMillis = resetMillis / (remaining + 1);
      pacingEndsMillis = now + resetMillis;
      // The request just answered went out about now: the next one waits a full interval.
      pacedUntilMillis = Math.max(pacedUntilMillis, now + pacingIntervalMillis);
    } else {
      pacingIntervalMillis = 0;
    }
  }

  private void refill(long now) {
    if (now > lastRefillMillis) {
      tokens = Math.min(capacity, tokens + (now - lastRefillMillis) * tokensPerMilli);
      lastRefillMillis = now;
    }
  }
}
