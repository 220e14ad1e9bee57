package io.gckpi.pipeline.ledger;

import io.gckpi.genesys.Interval;
import java.time.Duration;
import java.time.Instant;

/**
 * Window ids by arithmetic: windows are aligned on multiples of the window size since the epoch
 * (the options insist on it), so the window of any instant is known without a plan, and the ids
 * of a raw re-run match those of the extraction that staged the data.
 */
public final class WindowIds {
  private WindowIds() {}

  public static String containing(long epochMs, Duration windowSize) {
    long size = windowSize.toMillis();
    long start = Math.floorDiv(epochMs, size) * size;
    return new Interval(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + size)).toString();
  }
}
