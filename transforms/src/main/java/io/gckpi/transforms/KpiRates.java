package io.gckpi.transforms;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The daily report's columns, derived from summed {@link KpiDailyComponents}: the same formulas as
 * the {@code kpi_daily} view in PostgreSQL. Times in seconds. A rate over an empty set is null
 * (no calls is not 0 % abandoned), never NaN.
 */
public final class KpiRates {
  private KpiRates() {}

  /** interaction_volume: handled interactions. */
  public static long interactionVolume(KpiDailyComponents c) {
    return c.getHandled();
  }

  public static @Nullable Double weightedEffectiveHandleTime(KpiDailyComponents c) {
    return seconds(c.getSumWeightedHandleMs(), c.getHandled());
  }

  public static long slaBreaches120s(KpiDailyComponents c) {
    return c.getSlaBreaches();
  }

  public static @Nullable Double avgQueueWait(KpiDailyComponents c) {
    return seconds(c.getSumQueueWaitMs(), c.getOffered());
  }

  public static @Nullable Double firstContactResolutionRate(KpiDailyComponents c) {
    return ratio(c.getFcrCount(), c.getHandled());
  }

  public static @Nullable Double abandonRate(KpiDailyComponents c) {
    return ratio(c.getAbandoned(), c.getOffered());
  }

  /** Answered within the SLA threshold over offered. */
  public static @Nullable Double serviceLevel(KpiDailyComponents c) {
    return ratio(c.getAnsweredWithinSla(), c.getOffered());
  }

  /** Average handle time (Genesys standard) of handled interactions. */
  public static @Nullable Double aht(KpiDailyComponents c) {
    return seconds(c.getSumHandleMs(), c.getHandled());
  }

  private static @Nullable Double seconds(long sumMs, long count) {
    return count == 0 ? null : sumMs / (double) count / 1000.0;
  }

  private static @Nullable Double ratio(long part, long whole) {
    return whole == 0 ? null : part / (double) whole;
  }
}
