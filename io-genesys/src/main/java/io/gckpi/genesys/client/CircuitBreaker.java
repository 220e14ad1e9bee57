package io.gckpi.genesys.client;

/**
 * Stops calling an API that keeps answering 5xx: after {@code threshold} consecutive server errors
 * the breaker opens and calls fail at once, without a request, until {@code coolDownMillis} has
 * passed; then one call may try again (half open) and a success closes it.
 */
final class CircuitBreaker {
  private final int threshold;
  private final long coolDownMillis;
  private final ClientClock clock;
  private int consecutiveFailures;
  private long openedAtMillis = -1;

  CircuitBreaker(int threshold, long coolDownMillis, ClientClock clock) {
    this.threshold = threshold;
    this.coolDownMillis = coolDownMillis;
    this.clock = clock;
  }

  /** Throws when open; returns when a call may proceed. */
  synchronized void checkClosed(String what) {
    if (openedAtMillis < 0) {
      return;
    }
    long remaining = openedAtMillis + coolDownMillis - clock.nowMillis();
    if (remaining > 0) {
      throw new GenesysApiException(
          "Circuit breaker open: "
              + consecutiveFailures
              + " consecutive server errors from Genesys; not calling "
              + what
              + " for another "
              + remaining
              + " ms",
          0,
          null,
          true);
    }
  }

  synchronized void recordSuccess() {
    consecutiveFailures = 0;
    openedAtMillis = -1;
  }

  /** Records a 5xx (or failure without a response); returns true when this opens the breaker. */
  synchronized boolean recordServerError() {
    consecutiveFailures++;
    if (consecutiveFailures >= threshold) {
      boolean opening = openedAtMillis < 0 || clock.nowMillis() >= openedAtMillis + coolDownMillis;
      openedAtMillis = clock.nowMillis();
      return opening;
    }
    return false;
  }

  synchronized boolean isOpen() {
    return openedAtMillis >= 0 && clock.nowMillis() < openedAtMillis + coolDownMillis;
  }

  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }
}
