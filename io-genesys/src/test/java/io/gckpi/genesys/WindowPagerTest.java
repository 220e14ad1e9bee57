package io.gckpi.genesys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import io.gckpi.genesys.client.GenesysApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link WindowPager} against {@link InMemoryGenesysApi}, which answers as Genesys documents its
 * detail query and jobs: a window's ids are exactly those that start in it, a one-hour query
 * pages about its own hour, and a day past the 100,000-result paging cap (scaled down here) is
 * split inside the day instead of failing.
 */
@RunWith(JUnit4.class)
public class WindowPagerTest {
  private static final Instant DAY1 = Instant.parse("2024-05-01T00:00:00Z");

  private static WindowPager pager(GenesysApi api, GenesysIO.Mode mode, int pageSize, long cap) {
    return new WindowPager(api,
        new WindowPager.Settings(mode, pageSize, null, null, cap, 3, 0, 1));
  }

  /** Every step of a window until it is done; a failed window fails the test. */
  private static List<String> read(WindowPager pager, Interval window) {
    WindowProgress progress = WindowProgress.start(window.toString());
    List<String> ids = new ArrayList<>();
    for (int steps = 0; !progress.isDone(); steps++) {
      assertThat("steps", steps, lessThanOrEqualTo(10_000));
      WindowPager.Step step = pager.advance(progress);
      assertEquals("window failed", List.of(), step.failures());
      for (WindowPager.Kept kept : step.conversations()) {
        ids.add(kept.conversation().conversationId());
      }
      progress = step.next();
    }
    return ids;
  }

  @Test
  public void aOneHourQueryPagesAboutItsOwnHourAndKeepsThoseStartingInIt() {
    // 200 an hour lasting 20 minutes: the hour's query overlaps about 267 of them.
    InMemoryGenesysApi api = new InMemoryGenesysApi(
        InMemoryGenesysApi.evenly(DAY1, 3, 200, Duration.ofMinutes(20)), 100_000, 0.02);
    for (Interval window : List.of(
        Interval.parse("2024-05-02T10:00:00Z/2024-05-02T11:00:00Z"),
        // The first hour of a day: those that started the day before are not in its answer.
        Interval.parse("2024-05-02T00:00:00Z/2024-05-02T01:00:00Z"),
        // The last: those that end the next day are.
        Interval.parse("2024-05-01T23:00:00Z/2024-05-02T00:00:00Z"))) {
      api.queryPages.set(0);
      List<String> ids = read(pager(api, GenesysIO.Mode.QUERY, 100, 100_000), window);
      assertEquals(api.idsStartingIn(window), ids);
      assertThat(window + " pages", api.queryPages.get(), lessThanOrEqualTo(3));
    }
  }

  @Test
  public void aDayPastTheResultCapIsSplitInsideTheDayAndReadExactly() {
    // 14,400 conversations in the day against a cap of 1,000 results.
    InMemoryGenesysApi api = new InMemoryGenesysApi(
        InMemoryGenesysApi.evenly(DAY1, 1, 600, Duration.ofMinutes(7)), 1_000, 0.02);
    Interval day = Interval.parse("2024-05-01T00:00:00Z/2024-05-02T00:00:00Z");
    List<String> ids = read(pager(api, GenesysIO.Mode.QUERY, 100, 1_000), day);
    assertEquals(api.idsStartingIn(day), ids);
    // Each part pages at most its own overlap: not far over the 144 pages of the day itself.
    assertThat(api.queryPages.get(), lessThanOrEqualTo(144 + 64));
  }

  @Test
  public void hitsThatUnderstateTheCapReadTheRestOfThePartFromItsLastStart() {
    // totalHits says 30% of the truth, so page one never shows the cap; the pager must not ask
    // for the page past it (refused) but read on from the last start it saw.
    InMemoryGenesysApi api = new InMemoryGenesysApi(
        InMemoryGenesysApi.evenly(DAY1, 1, 100, Duration.ofMinutes(5)), 1_000, -0.7);
    Interval day = Interval.parse("2024-05-01T00:00:00Z/2024-05-02T00:00:00Z");
    List<String> ids = read(pager(api, GenesysIO.Mode.QUERY, 100, 1_000), day);
    assertEquals(api.idsStartingIn(day), List.copyOf(new TreeSet<>(ids)));
    // The conversation at each restart instant is read twice, for the read's de-duplication.
    assertThat(ids.size() - api.idsStartingIn(day).size(), lessThanOrEqualTo(3));
  }

  @Test
  public void aJobWindowKeepsThoseStartingInItFromOneJobAndOnePage() {
    InMemoryGenesysApi api = new InMemoryGenesysApi(
        InMemoryGenesysApi.evenly(DAY1, 1, 500, Duration.ofMinutes(30)), 100_000, 0);
    Interval window = Interval.parse("2024-05-01T08:00:00Z/2024-05-01T09:00:00Z");
    WindowPager pager = pager(api, GenesysIO.Mode.JOBS, 1000, 400_000);
    List<String> ids = read(pager, window);
    assertEquals(api.idsStartingIn(window), ids);
    assertEquals(1, api.submits.get());
    assertEquals(1, api.jobPages.get());
  }

  /**
   * Every job's cursor expires after its first page: the part tries fresh jobs up to its
   * attempts, then reads its window by detail queries, and the window's ids come out exactly
   * (the copies its jobs' first pages emitted are the read's de-duplication's to drop).
   */
  @Test
  public void aPartWhoseJobsKeepExpiringIsReadByDetailQueries() {
    InMemoryGenesysApi api = new InMemoryGenesysApi(
        InMemoryGenesysApi.evenly(DAY1, 1, 500, Duration.ofMinutes(30)), 100_000, 0);
    api.cursorsExpire = true;
    Interval window = Interval.parse("2024-05-01T08:00:00Z/2024-05-01T09:00:00Z");
    WindowPager pager = pager(api, GenesysIO.Mode.JOBS, 200, 400_000);
    List<String> ids = read(pager, window);
    assertEquals(new TreeSet<>(api.idsStartingIn(window)), new TreeSet<>(ids));
    assertEquals(3, api.submits.get());
    // 500 of the hour's own and about 250 that started in the hour before and overlap it.
    assertEquals(8, api.queryPages.get());
  }
}
