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
    return pager(client, 100, sizingTarget, 1);
  }

  private static WindowPager pager(GenesysClient client, int pageSize, long sizingTarget,
      int jobConcurrency) {
    return new WindowPager(client,
        new WindowPager.Settings(GenesysIO.Mode.JOBS, pageSize, null, null, 400_000, 3,
            sizingTarget, jobConcurrency));
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
      List<Interval> parts = PartPlanner.plan(client, DAY, new PartPlanner.Goal(150, 1, 100));
      // The plan is contiguous and covers the day; each part holds at most 150 conversations by
      // the ground truth.
      assertEquals(DAY.start(), parts.get(0).start());
      assertEquals(DAY.end(), parts.get(parts.size() - 1).end());
      for (int i = 0; i < parts.size(); i++) {
        Interval part = parts.get(i);
        if (i > 0) {
          assertEquals(parts.get(i - 1).end(), part.start());
        }
        long count = emulator.dataset().idsStartingIn(part).size();
        assertTrue(part + " holds " + count, count <= 150);
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
  public void aDayReadSideBySideIsCutIntoEqualSharesOfItsConversations() {
    // No target: three parts side by side (pages of 50, so 2,000 conversations are 40 pages,
    // enough for three). The emulator's day is busy in its working hours, as a contact centre's
    // is, so three equal lengths of time would leave most of it to one cursor.
    try (GenesysEmulator emulator = busyDay(400_000);
        GenesysClient client = client(emulator)) {
      Set<String> truth = emulator.dataset().idsStartingIn(DAY);
      long busiestHalfHour = 0;
      for (Interval halfHour : DAY.split(PartPlanner.BUCKET)) {
        busiestHalfHour =
            Math.max(busiestHalfHour, emulator.dataset().idsStartingIn(halfHour).size());
      }
      long thirdOfTheDay = emulator.dataset()
          .idsStartingIn(new Interval(DAY.start().plus(Duration.ofHours(8)),
              DAY.start().plus(Duration.ofHours(16))))
          .size();
      assertTrue("the emulator's working hours hold most of its day: " + thirdOfTheDay,
          thirdOfTheDay > truth.size() / 2);

      WindowPager pager = pager(client, 50, 0, 3);
      List<String> hours = DAY.split(Duration.ofHours(1)).stream().map(Interval::toString).toList();
      WindowProgress progress =
          WindowProgress.start(hours, JobSpans.initialParts(hours, 3));
      assertTrue(pager.needsSizing(progress));
      progress = pager.advance(progress).next();
      assertEquals(3, progress.parts().size());
      double share = truth.size() / 3.0;
      for (WindowProgress.Part part : progress.parts()) {
        long count = emulator.dataset().idsStartingIn(part.range()).size();
        assertTrue(part.range() + " holds " + count + ", a share is " + share,
            Math.abs(count - share) <= busiestHalfHour);
      }
      List<String> ids = new ArrayList<>();
      progress = readToTheEnd(pager, progress, ids);
      assertEquals(1, emulator.stats().aggregateQueriesServed());
      assertEquals(3, emulator.stats().jobsSubmitted());
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
