package io.gckpi.genesys.client;

import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when something sleeps on it, recording every sleep. */
final class FakeClock implements ClientClock {
  private long now;
  final List<Long> sleeps = new ArrayList<>();

  FakeClock(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  @Override
  public synchronized void sleep(long millis) {
    sleeps.add(millis);
    now += Math.max(millis, 0);
  }

  synchronized void advance(long millis) {
    now += millis;
  }
}
