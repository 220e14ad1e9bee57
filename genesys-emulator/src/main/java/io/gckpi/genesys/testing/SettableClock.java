package io.gckpi.genesys.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock a test moves by hand, for the emulator's "now" (its data availability date): the
 * unbounded read and the streaming job follow it as they would follow the present. A {@link
 * #running} clock also moves by itself, faster than real time, for a test whose job runs in
 * other processes.
 */
public final class SettableClock extends Clock {
  private final AtomicLong nowMs;
  private final double speed;
  private final AtomicLong firstReadNanos = new AtomicLong(Long.MIN_VALUE);

  public SettableClock(Instant start) {
    this(start, 0);
  }

  private SettableClock(Instant start, double speed) {
    this.nowMs = new AtomicLong(start.toEpochMilli());
    this.speed = speed;
  }

  /**
   * A clock at {@code start} until it is first read, from then on running {@code speed} times
   * faster than real time: the job that asks the time first starts it, not the emulator's start.
   */
  public static SettableClock running(Instant start, double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("the clock's speed must be positive, got " + speed);
    }
    return new SettableClock(start, speed);
  }

  public void advance(java.time.Duration by) {
    nowMs.addAndGet(by.toMillis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    if (speed == 0) {
      return Instant.ofEpochMilli(nowMs.get());
    }
    long now = System.nanoTime();
    firstReadNanos.compareAndSet(Long.MIN_VALUE, now);
    return Instant.ofEpochMilli(nowMs.get() + (long) ((now - firstReadNanos.get()) / 1e6 * speed));
  }
}
