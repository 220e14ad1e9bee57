package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gckpi.genesys.client.ConnectionSettings;
import io.gckpi.genesys.client.GenesysClient;
import io.gckpi.genesys.testing.EmulatorConfig;
import io.gckpi.genesys.testing.GenesysEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Sizing a window's reads from the aggregates API, against the emulator: its counts against its
 * ground truth, and a pager that sizes a busy day before its first job: no job refused over the
 * cap, every part under the target, ids exact.
 */
@RunWith(JUnit4.class)
public class PartPlannerEmulatorTest {
  private static final Interval DAY = Interval.parse("2024-01-15T00:00:00Z/2024-01-16T00:00:00Z");

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
        new WindowPager.Settings(GenesysIO.Mode.JOBS, 100, null, null, 400_000, 3, sizingTarget,
            1));
  }

  /** Reads the window to its end as the DoFn does between checkpoints; collects the ids. */
  private static WindowProgress readToTheEnd(
      WindowPager pager, WindowProgress progress, java.util.Collection<String> ids) {
    while (!progress.isDone()) {
      WindowPager.Step step = pager.advance(progress);
      step.conversations().forEach(c -> ids.add(c.conversation().conversationId()));
      step.finishedJobIds().forEach(pager::deleteQuietly);
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
