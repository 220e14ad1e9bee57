package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.client.ConnectionSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Sizing a window's reads from the aggregates API: plans worked by hand from given half-hour
 * counts. The same planner against the emulator's counts is PartPlannerEmulatorTest (in
 * genesys-emulator).
 */
@RunWith(JUnit4.class)
public class PartPlannerTest {
  private static final Interval FOUR_HOURS =
      Interval.parse("2024-01-15T00:00:00Z/2024-01-15T04:00:00Z");
  private static final Interval DAY = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");

  private static Map<Instant, Long> halfHours(Interval window, long... counts) {
    Map<Instant, Long> byStart = new TreeMap<>();
    List<Interval> buckets = window.split(Duration.ofMinutes(30));
    for (int i = 0; i < counts.length; i++) {
      byStart.put(buckets.get(i).start(), counts[i]);
    }
    return byStart;
  }

  /** A plan under a size limit alone: one part side by side, pages of one. */
  private static List<String> plan(Interval window, long target, long... counts) {
    return plan(window, new PartPlanner.Goal(target, 1, 1), counts);
  }

  private static List<String> plan(Interval window, PartPlanner.Goal goal, long... counts) {
    List<String> parts = new ArrayList<>();
    PartPlanner.plan(window, halfHours(window, counts), goal)
        .forEach(part -> parts.add(part.toString()));
    return parts;
  }

  @Test
  public void halfHoursAreMergedUpToTheTargetAndABusyOneIsCutIntoEqualPieces() {
    // 10+30+50+0+0 = 90 fit; 250 does not join them and alone needs ceil(250/100) = 3 pieces of
    // 10 minutes; 5+5 make the last part.
    assertEquals(
        List.of(
            "2024-01-15T00:00:00Z/2024-01-15T02:30:00Z",
            "2024-01-15T02:30:00Z/2024-01-15T02:40:00Z",
            "2024-01-15T02:40:00Z/2024-01-15T02:50:00Z",
            "2024-01-15T02:50:00Z/2024-01-15T03:00:00Z",
            "2024-01-15T03:00:00Z/2024-01-15T04:00:00Z"),
        plan(FOUR_HOURS, 100, 10, 30, 50, 0, 0, 250, 5, 5));
  }

  @Test
  public void aPartStaysUnderTheTargetAndTheShareDecidesWhereToCut() {
    // 101 conversations under a target of 100 need two parts, shares of 50.5: after 60, taking
    // the 40 in would pass the share by 49.5 where stopping leaves it 9.5 over, so the cut comes
    // before the 40 (60 + 41), not after it (100 + 1).
    assertEquals(
        List.of(
            "2024-01-15T00:00:00Z/2024-01-15T00:30:00Z",
            "2024-01-15T00:30:00Z/2024-01-15T04:00:00Z"),
        plan(FOUR_HOURS, 100, 60, 40, 1));
  }

  @Test
  public void partsSideBySideHoldEqualSharesNotEqualLengthsOfTime() {
    // 180 conversations, busiest in the middle, in three parts side by side: shares of 60. The
    // half-hour boundaries reach 0, 10, 50, 90, 130, 170, 180; nearest to 60 is 50 (01:30),
    // nearest to 120 is 130 (02:30): parts of 50, 80 and 50. Cut into equal lengths of time
    // instead (00:00-01:20-02:40-04:00) the middle part would hold about 120 of the 180.
    PartPlanner.Goal threeSideBySide = new PartPlanner.Goal(Long.MAX_VALUE, 3, 1);
    assertEquals(
        List.of(
            "2024-01-15T00:00:00Z/2024-01-15T01:30:00Z",
            "2024-01-15T01:30:00Z/2024-01-15T02:30:00Z",
            "2024-01-15T02:30:00Z/2024-01-15T04:00:00Z"),
        plan(FOUR_HOURS, threeSideBySide, 0, 10, 40, 40, 40, 40, 10, 0));
  }

  @Test
  public void aSpanOfFewPagesIsReadInFewerPartsThanSideBySideAllows() {
    // Pages of 1,000 and at least ten pages a part: 2,000 conversations are one part, 15,000
    // two, 25,000 and 1,000,000 three (the most side by side), 1,000,000 under a limit of
    // 200,000 five.
    PartPlanner.Goal goal = new PartPlanner.Goal(Long.MAX_VALUE, 3, 1_000);
    assertEquals(1, goal.parts(0));
    assertEquals(1, goal.parts(2_000));
    assertEquals(2, goal.parts(15_000));
    assertEquals(3, goal.parts(25_000));
    assertEquals(3, goal.parts(1_000_000));
    assertEquals(5, new PartPlanner.Goal(200_000, 3, 1_000).parts(1_000_000));
    assertEquals(List.of(FOUR_HOURS.toString()),
        plan(FOUR_HOURS, goal, 100, 400, 400, 400, 400, 200, 100, 0));
  }

  @Test
  public void aQuietWindowIsOnePartAndPiecesStopAtOneMinute() {
    assertEquals(List.of(FOUR_HOURS.toString()), plan(FOUR_HOURS, 100));
    List<String> pieces = plan(Interval.parse("2024-01-15T00:00:00Z/2024-01-15T01:00:00Z"),
        1, 10_000_000, 0);
    assertEquals(31, pieces.size());
    assertEquals("2024-01-15T00:00:00Z/2024-01-15T00:01:00Z", pieces.get(0));
    assertEquals("2024-01-15T00:29:00Z/2024-01-15T00:30:00Z", pieces.get(29));
    assertEquals("2024-01-15T00:30:00Z/2024-01-15T01:00:00Z", pieces.get(30));
  }

  @Test
  public void onlyWholeHalfHoursOfAtLeastAnHourAreSized() {
    assertTrue(PartPlanner.sizable(Duration.ofHours(1)));
    assertTrue(PartPlanner.sizable(Duration.ofMinutes(90)));
    assertTrue(PartPlanner.sizable(DAY.duration()));
    assertFalse(PartPlanner.sizable(Duration.ofMinutes(30)));
    assertFalse(PartPlanner.sizable(Duration.ofMinutes(75)));
  }

  @Test
  public void aWindowSizeTheHalfHoursCannotCutIsRefusedWithTheOptionNamed() {
    IllegalArgumentException e =
        org.junit.Assert.assertThrows(
            IllegalArgumentException.class,
            () ->
                GenesysIO.read()
                    .withConnectionSettings(ConnectionSettings.forBaseUrl("http://127.0.0.1:1"))
                    .withInterval(DAY)
                    .withWindowSize(Duration.ofMinutes(45))
                    .withAggregateSizing(1000)
                    .validate());
    assertTrue(e.getMessage(), e.getMessage().contains("withAggregateSizing"));
  }
}
