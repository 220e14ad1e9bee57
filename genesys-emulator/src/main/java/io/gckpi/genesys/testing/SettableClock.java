package io.gckpi.genesys.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock a test moves by hand, for the emulator's "now" (its data availability date): the
 * unbounded read and the streaming job follow it as they would follow the present.
 */
public final class SettableClock extends Clock {
  private final AtomicLong nowMs;

  public SettableClock(Instant start) {
    this.nowMs = new AtomicLong(start.toEpochMilli());
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
    return Instant.ofEpochMilli(nowMs.get());
  }
}
