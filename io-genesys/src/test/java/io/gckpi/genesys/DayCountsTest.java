package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Which days a read touches, how they are asked for, and what a day's count sizes. */
@RunWith(JUnit4.class)
public class DayCountsTest {
  private static Instant day(int dayOfJanuary) {
    return Instant.parse(String.format("2024-01-%02dT00:00:00Z", dayOfJanuary));
  }

  @Test
  public void aWindowTouchesEveryUtcDayItOverlaps() {
    SortedSet<Instant> days =
        DayCounts.daysTouched(
            List.of(
                Interval.parse("2024-01-03T23:00:00Z/2024-01-04T00:00:00Z"),
                Interval.parse("2024-01-05T22:00:00Z/2024-01-06T02:00:00Z"),
                Interval.parse("2024-01-05T10:00:00Z/2024-01-05T11:00:00Z")));
    // The first window ends at midnight and so touches no part of the 4th.
    assertEquals(List.of(day(3), day(5), day(6)), List.copyOf(days));
  }

  @Test
  public void consecutiveDaysAreAskedForAWeekAtATime() {
    SortedSet<Instant> days =
        DayCounts.daysTouched(
            List.of(
                new Interval(day(1), day(10)),
                new Interval(day(12), day(13))));
    assertEquals(
        List.of(new Interval(day(1), day(8)), new Interval(day(8), day(10)),
            new Interval(day(12), day(13))),
        DayCounts.spans(days));
  }

  /** 8 KiB a conversation against 8 MiB a shard: 1,024 conversations a shard, 16 at least. */
  @Test
  public void aDaysShardsFollowItsConversations() {
    assertEquals(16, DayCounts.shardsPerDay(0));
    assertEquals(16, DayCounts.shardsPerDay(2_000));
    assertEquals(16, DayCounts.shardsPerDay(16 * 1024));
    assertEquals(17, DayCounts.shardsPerDay(16 * 1024 + 1));
    assertEquals(196, DayCounts.shardsPerDay(200_000));
    assertEquals(1024, DayCounts.shardsPerDay(Long.MAX_VALUE));
  }
}
