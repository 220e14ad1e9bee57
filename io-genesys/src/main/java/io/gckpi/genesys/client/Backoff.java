package io.gckpi.genesys.client;

import java.util.function.LongUnaryOperator;

/**
 * Capped exponential backoff with full jitter: the sleep before retry {@code n} (from 1) is drawn
 * uniformly from [0, min(cap, base * 2^(n-1))]. Full jitter spreads the retries of many workers
 * that failed together, which matters when they all share one org's rate limit (or one
 * database's write capacity: the InfluxDB writer of the pipeline module uses it too).
 */
public final class Backoff {
  private final long baseMillis;
  private final long capMillis;
  private final LongUnaryOperator random;

  /** {@code random} maps a bound b to a value in [0, b]. */
  public Backoff(long baseMillis, long capMillis, LongUnaryOperator random) {
    if (baseMillis <= 0 || capMillis < baseMillis) {
      throw new IllegalArgumentException(
          "Backoff needs 0 < base <= cap, got base=" + baseMillis + " cap=" + capMillis);
    }
    this.baseMillis = baseMillis;
    this.capMillis = capMillis;
    this.random = random;
  }

  public static Backoff withJitter(long baseMillis, long capMillis) {
    return new Backoff(
        baseMillis,
        capMillis,
        bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** The upper bound of the sleep before retry {@code attempt}. */
  public long ceilingMillis(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    return Math.min(capMillis, baseMillis << shift);
  }

  public long delayMillis(int attempt) {
    return random.applyAsLong(ceilingMillis(attempt));
  }
}
