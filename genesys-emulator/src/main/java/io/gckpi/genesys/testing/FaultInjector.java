package io.gckpi.genesys.testing;

import com.sun.net.httpserver.HttpExchange;
import io.gckpi.genesys.Interval;
import java.util.Random;

/**
 * Applies the emulator's {@link Faults} to requests. Every random draw (which request gets a 429,
 * a 5xx or a reset, which job fails, and the random part of each token) comes from one generator
 * seeded by the faults, so a run with the same faults and the same order of requests meets the
 * same failures. Replacing the faults reseeds it.
 */
final class FaultInjector {
  private static final int[] SERVER_ERRORS = {500, 502, 503, 504};

  private final EmulatorStats stats;
  private final int rateLimitPerMinute;
  private volatile Faults faults;
  private volatile Random random;

  FaultInjector(Faults faults, EmulatorStats stats, int rateLimitPerMinute) {
    this.stats = stats;
    this.rateLimitPerMinute = rateLimitPerMinute;
    set(faults);
  }

  void set(Faults value) {
    this.faults = value;
    this.random = new Random(value.seed());
  }

  Faults faults() {
    return faults;
  }

  double draw() {
    synchronized (this) {
      return random.nextDouble();
    }
  }

  long draw64() {
    synchronized (this) {
      return random.nextLong();
    }
  }

  /**
   * Before a request is read: the configured delay, then perhaps a reset. Returns true when the
   * connection was dropped and nothing more is to be done.
   */
  boolean delayOrReset(Faults f, HttpExchange ex) throws InterruptedException {
    if (f.slowMs() > 0) {
      Thread.sleep(f.slowMs());
    }
    if (f.resetShare() > 0 && draw() < f.resetShare()) {
      stats.resets.incrementAndGet();
      // Closing the exchange before sending headers makes the JDK server drop the connection.
      ex.close();
      return true;
    }
    return false;
  }

  /** After authentication, before routing: a storm's 503, or a drawn 429 or 5xx. */
  void failAuthenticatedRequest(Faults f) {
    if (f.storm()) {
      stats.faultsInjected.incrementAndGet();
      throw EmulatorHttp.serverError(503);
    }
    if (f.tooManyRequestsShare() > 0 && draw() < f.tooManyRequestsShare()) {
      stats.faultsInjected.incrementAndGet();
      throw EmulatorHttp.tooManyRequests(rateLimitPerMinute, f.retryAfterSeconds());
    }
    if (f.serverErrorShare() > 0 && draw() < f.serverErrorShare()) {
      stats.faultsInjected.incrementAndGet();
      throw EmulatorHttp.serverError(SERVER_ERRORS[(int) (stats.serverErrorsSent() % 4)]);
    }
  }

  /** A 500 for any request whose interval overlaps the dead window. */
  void failWindow(Interval iv) {
    Interval w = faults.failWindow();
    if (w != null && w.overlaps(iv)) {
      throw EmulatorHttp.serverError(500);
    }
  }

  /** Whether a newly submitted job is to fail. */
  boolean jobFails() {
    return faults.jobFailedShare() > 0 && draw() < faults.jobFailedShare();
  }
}
