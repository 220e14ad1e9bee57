package io.gckpi.genesys;

import io.gckpi.genesys.client.GenesysApi;
import io.gckpi.genesys.client.GenesysApi.AggregateRow;
import io.gckpi.genesys.client.GenesysApi.AggregatesQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How many conversations start on the busiest UTC day a read touches, as the aggregates API counts
 * them ({@code nConversations} by day): what the read's de-duplication is sized by before the
 * graph is built ({@link #shardsPerDay}, {@link GenesysIO.Read#withShardsPerDay}). A shard of a
 * day is held in memory while the combine emits it, so its size must follow the org's volume,
 * which nothing else knows before the read.
 *
 * <p>Genesys counts a conversation on the day it starts, which is also the day whose shards keep
 * it. Days are asked for at most {@value #DAYS_PER_QUERY} at a time, one request each, so a
 * backfill of months costs a few requests at launch.
 */
public final class DayCounts {
  static final Duration DAY = Duration.ofDays(1);
  static final int DAYS_PER_QUERY = 7;
  static final String METRIC = "nConversations";
  /**
   * A day as an ISO-8601 period, Genesys' example of a granularity ("P1D or P1DT12H"); with no
   * time zone the buckets are UTC days, Genesys' default.
   */
  static final String GRANULARITY = "P1D";

  /**
   * What a conversation's raw record holds of text at most, about: the emulator's are near 3 KiB,
   * Genesys' with transfers, consults and many segments several times that. Sizing by the larger
   * keeps a busy org's shards small enough.
   */
  public static final long RECORD_BYTES = 8L << 10;

  private DayCounts() {}

  /** The most conversations that start on one UTC day that {@code windows} touch. */
  public static long busiestDay(GenesysApi api, Collection<Interval> windows) {
    SortedSet<Instant> days = daysTouched(windows);
    long busiest = 0;
    for (Interval span : spans(days)) {
      Map<Instant, Long> counts = new HashMap<>();
      List<AggregateRow> rows =
          api.queryAggregates(
              new AggregatesQuery(span, GRANULARITY, null, null, List.of(METRIC), null));
      for (AggregateRow row : rows) {
        if (METRIC.equals(row.metric()) && row.count() != null) {
          Instant day = row.interval().start().truncatedTo(ChronoUnit.DAYS);
          counts.merge(day, row.count().longValue(), Long::sum);
        }
      }
      for (Map.Entry<Instant, Long> day : counts.entrySet()) {
        if (days.contains(day.getKey())) {
          busiest = Math.max(busiest, day.getValue());
        }
      }
    }
    return busiest;
  }

  /** The read's shards a day for a day of {@code conversations} ({@link #RECORD_BYTES} each). */
  public static int shardsPerDay(long conversations) {
    long textBytes =
        conversations > Long.MAX_VALUE / RECORD_BYTES ? Long.MAX_VALUE
            : conversations * RECORD_BYTES;
    return BestCopyPerId.shardsPerDayFor(textBytes);
  }

  /** The start of every UTC day a window overlaps. */
  static SortedSet<Instant> daysTouched(Collection<Interval> windows) {
    SortedSet<Instant> days = new TreeSet<>();
    for (Interval window : windows) {
      Instant first = window.start().truncatedTo(ChronoUnit.DAYS);
      for (Instant day = first; day.isBefore(window.end()); day = day.plus(DAY)) {
        days.add(day);
      }
    }
    return days;
  }

  /** Runs of consecutive days, at most {@value #DAYS_PER_QUERY} a run. */
  static List<Interval> spans(SortedSet<Instant> days) {
    List<Interval> spans = new ArrayList<>();
    Instant start = null;
    Instant end = null;
    for (Instant day : days) {
      if (start != null
          && (!day.equals(end) || Duration.between(start, end).compareTo(
              DAY.multipliedBy(DAYS_PER_QUERY)) >= 0)) {
        spans.add(new Interval(start, end));
        start = null;
      }
      if (start == null) {
        start = day;
      }
      end = day.plus(DAY);
    }
    if (start != null) {
      spans.add(new Interval(start, end));
    }
    return spans;
  }
}
