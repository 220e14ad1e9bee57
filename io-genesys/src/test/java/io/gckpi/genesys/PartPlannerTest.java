package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.client.GenesysClient;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.GenesysEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Sizing a window's reads from the aggregates API: plans worked by hand from given half-hour
 * counts, the emulator's counts against its ground truth, and a pager that sizes a busy day
 * before its first job: no job refused over the cap, every part under the target, ids exact.
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

  private static List<String> plan(Interval window, long target, long... counts) {
    List<String> parts = new ArrayList<>();
    PartPlanner.plan(window, halfHours(window, counts), target)
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
  public void aPartMayReachTheTargetButNotPassIt() {
    // 60+40 = 100 is allowed; the next conversation opens a new part, which runs to the end.
    assertEquals(
        List.of(
            "2024-01-15T00:00:00Z/2024-01-15T01:00:00Z",
            "2024-01-15T01:00:00Z/2024-01-15T04:00:00Z"),
        plan(FOUR_HOURS, 100, 60, 40, 1));
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

  private static GenesysEmulator busyDay(int jobResultCap) {
    return GenesysEmulator.builder()
        .config(EmulatorConfig.builder().setConversationsPerDay(2_000).setMalformedShare(0).build())
        .jobDelay(Duration.ofMillis(10))
        .rateLimitPerMinute(0)
        .jobResultCap(jobResultCap)
        .start();
  }

  private static GenesysClient client(GenesysEmulator emulator) {
    return GenesysClient.create(
        ConnectionSettings.forBaseUrl(emulator.baseUrl())
            .withCredentials(GenesysEmulator.DEMO_CLIENT_ID, GenesysEmulator.DEMO_CLIENT_SECRET)
            .withJobPollInterval(Duration.ofMillis(10))
            .withRateLimitPerMinute(60_000));
  }

  private static WindowPager pager(GenesysClient client, long sizingTarget) {
    return new WindowPager(client,
        new WindowPager.Settings(GenesysIO.Mode.JOBS, 100, null, null, 400_000, 3, sizingTarget));
  }

  /** Reads the window to its end as the DoFn does between checkpoints; collects the ids. */
  private static WindowProgress readToTheEnd(
      WindowPager pager, WindowProgress progress, java.util.Collection<String> ids) {
    while (!progress.isDone()) {
      WindowPager.Step step = pager.advance(progress);
      step.conversations().forEach(c -> ids.add(c.conversationId()));
      pager.deleteQuietly(step.finishedJobId());
      progress = step.next();
    }
    return progress;
  }

  @Test
  public void theAggregatesCountsAreTheConversationsStartingInEachHalfHour() {
    try (GenesysEmulator emulator = busyDay(400_000);
        GenesysClient client = client(emulator)) {
      List<Interval> parts = PartPlanner.plan(client, DAY, 150);
      // The plan is contiguous and covers the day; each part holds at most 150 conversations by
      // the ground truth, and no two neighbours would have fitted in one part.
      assertEquals(DAY.start(), parts.get(0).start());
      assertEquals(DAY.end(), parts.get(parts.size() - 1).end());
      long previous = -1;
      for (int i = 0; i < parts.size(); i++) {
        Interval part = parts.get(i);
        if (i > 0) {
          assertEquals(parts.get(i - 1).end(), part.start());
        }
        long count = emulator.dataset().idsStartingIn(part).size();
        assertTrue(part + " holds " + count, count <= 150);
        if (previous >= 0 && part.duration().toMinutes() >= 30) {
          long firstHalfHour = emulator.dataset()
              .idsStartingIn(new Interval(part.start(), part.start().plus(Duration.ofMinutes(30))))
              .size();
          assertTrue("the half hour at " + part.start() + " would have fitted the part before",
              previous + firstHalfHour > 150);
        }
        previous = part.duration().toMinutes() >= 30 ? count : -1;
      }
      assertTrue("a 2,000-conversation day must not fit in parts of 150: " + parts,
          parts.size() >= 2_000 / 150);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  public void aSizedDayIsReadWithNoJobOverTheCapAndEveryIdOnce() {
    // A job returns the conversations overlapping its part, more than those starting in it: a
    // target of half the cap leaves room for them.
    try (GenesysEmulator emulator = busyDay(400);
        GenesysClient client = client(emulator)) {
      WindowPager pager = pager(client, 200);
      WindowProgress progress = WindowProgress.start(DAY.toString());
      WindowPager.Step first = pager.advance(progress);
      assertTrue(first.conversations().isEmpty());
      progress = first.next();
      assertTrue(progress.sized());
      int planned = progress.parts().size();
      assertTrue("a 2,000-conversation day must be planned in parts: " + progress.parts(),
          planned >= 2_000 / 200);
      assertEquals(1, emulator.stats().aggregateQueriesServed());
      assertEquals(0, emulator.stats().jobsSubmitted());
      List<String> ids = new ArrayList<>();
      progress = readToTheEnd(pager, progress, ids);
      assertEquals(0, emulator.stats().jobsOverCap());
      assertEquals(planned, progress.partsRead());
      assertEquals(planned, emulator.stats().jobsSubmitted());
      Set<String> truth = emulator.dataset().idsStartingIn(DAY);
      assertEquals("no id twice", ids.size(), new HashSet<>(ids).size());
      assertEquals(truth, new HashSet<>(ids));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  public void withoutSizingTheSameDayMeetsTheCapFirst() {
    try (GenesysEmulator emulator = busyDay(400);
        GenesysClient client = client(emulator)) {
      Set<String> ids = new HashSet<>();
      readToTheEnd(pager(client, 0), WindowProgress.start(DAY.toString()), ids);
      assertTrue("the whole day is over the cap of 400", emulator.stats().jobsOverCap() > 0);
      assertEquals(0, emulator.stats().aggregateQueriesServed());
      assertEquals(emulator.dataset().idsStartingIn(DAY), ids);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
