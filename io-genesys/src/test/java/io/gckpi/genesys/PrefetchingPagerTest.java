package io.gckpi.genesys;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link JobSpans} and {@link PrefetchingPager} against {@link InMemoryGenesysApi}: a day of
 * hourly windows is read by as many jobs as parts, not one per window, with each conversation in
 * the window holding its start; the next part's job is submitted while the parts before it page;
 * a checkpoint between a fetch and its claim, or after every claim, fetches no page twice and
 * loses none; finished jobs are deleted in the background, and a delete that fails is not the
 * read's failure.
 */
@RunWith(JUnit4.class)
public class PrefetchingPagerTest {
  private static final Interval DAY = Interval.parse("2024-05-01T00:00:00Z/2024-05-02T00:00:00Z");
  private static final List<Interval> HOURS = DAY.split(Duration.ofHours(1));

  private static InMemoryGenesysApi api() {
    // 30 an hour lasting 70 minutes: each conversation overlaps the next hour too.
    return new InMemoryGenesysApi(
        InMemoryGenesysApi.evenly(InMemoryGenesysApi.DAY1, 1, 30, Duration.ofMinutes(70)),
        100_000, 0);
  }

  private static PrefetchingPager pager(InMemoryGenesysApi api, int concurrency, String readId) {
    return new PrefetchingPager(new WindowPager(api, new WindowPager.Settings(
        GenesysIO.Mode.JOBS, 25, null, null, 400_000, 3, 0, concurrency)), readId);
  }

  private static List<String> ids(List<Interval> windows) {
    return windows.stream().map(Interval::toString).toList();
  }

  /** Reads {@code progress} to its end; collects the window of every id read. */
  private static WindowProgress read(PrefetchingPager pager, WindowProgress progress,
      Map<String, String> windowOfId) throws InterruptedException {
    while (!progress.isDone()) {
      WindowPager.Step step = pager.next(progress);
      pager.claimed(step);
      assertEquals(List.of(), step.failures());
      for (WindowPager.Kept kept : step.conversations()) {
        assertEquals("read twice: " + kept.conversation().conversationId(), null,
            windowOfId.put(kept.conversation().conversationId(), kept.windowId()));
      }
      progress = step.next();
    }
    return progress;
  }

  @Test
  public void aDayOfHourlyWindowsIsGroupedIntoOneSpanAndReadByItsPartsJobs() throws Exception {
    List<List<String>> spans = JobSpans.group(
        new Interval(DAY.start(), DAY.end().plus(Duration.ofDays(1))).split(Duration.ofHours(1)),
        GenesysIO.Mode.JOBS);
    assertEquals("one span per UTC day", 2, spans.size());
    assertEquals(ids(HOURS), spans.get(0));
    assertEquals("a gap starts a new span", 3, JobSpans.group(
        List.of(HOURS.get(0), HOURS.get(1), HOURS.get(3), HOURS.get(4), HOURS.get(9)),
        GenesysIO.Mode.JOBS).size());
    assertEquals("query mode reads each window alone", 24,
        JobSpans.group(HOURS, GenesysIO.Mode.QUERY).size());

    InMemoryGenesysApi api = api();
    WindowProgress start = WindowProgress.start(ids(HOURS), JobSpans.initialParts(ids(HOURS), 3));
    Map<String, String> windowOfId = new HashMap<>();
    WindowProgress done = read(pager(api, 3, UUID.randomUUID().toString()), start, windowOfId);
    assertEquals("3 jobs for 24 windows", 3, api.submits.get());
    for (Interval hour : HOURS) {
      List<String> truth = api.idsStartingIn(hour);
      assertEquals(truth.size(), windowOfId.values().stream()
          .filter(hour.toString()::equals).count());
      truth.forEach(id -> assertEquals(hour.toString(), windowOfId.get(id)));
    }
    assertEquals(api.idsStartingIn(DAY).size(), windowOfId.size());
    List<WindowManifest> manifests = done.manifests(GenesysIO.Mode.JOBS);
    assertEquals(24, manifests.size());
    for (WindowManifest manifest : manifests) {
      assertEquals(api.idsStartingIn(Interval.parse(manifest.getWindowId())).size(),
          manifest.getConversations());
      assertEquals(3, manifest.getJobId().split(",").length);
    }
    // Each job pages its own part (and the overlap into it), not the day: about 720/25 pages.
    assertThat(api.jobPages.get(), lessThanOrEqualTo(720 / 25 + 3 + 3));
  }

  /**
   * Six parts paged two at a time: the first three jobs go out at once (two to page, one ahead),
   * and every later job is submitted while another part is paging (after its first page, before
   * its last), so that no part waits for a job of its own once the read is under way.
   */
  @Test
  public void theNextPartsJobIsSubmittedWhileThePartsBeforeItPage() throws Exception {
    InMemoryGenesysApi api = api();
    List<Interval> parts = DAY.split(Duration.ofHours(4));
    Map<String, String> windowOfId = new HashMap<>();
    read(pager(api, 2, UUID.randomUUID().toString()),
        WindowProgress.start(ids(HOURS), parts), windowOfId);
    assertEquals(api.idsStartingIn(DAY).size(), windowOfId.size());
    assertEquals(6, api.submits.get());
    List<String> log = new ArrayList<>(api.log);
    List<String> jobs = log.stream().filter(e -> e.startsWith("submit "))
        .map(e -> e.split(" ")[1]).toList();
    for (int job = 4; job <= 6; job++) {
      int submitted = indexOf(log, "submit " + jobs.get(job - 1) + " ", "");
      boolean whilePaging = false;
      for (int other = 1; other < job; other++) {
        whilePaging |= indexOf(log, "page " + jobs.get(other - 1) + " 0", "") < submitted
            && submitted < indexOf(log, "page " + jobs.get(other - 1) + " ", " last");
      }
      assertTrue("job " + job + " submitted while another part pages: " + log, whilePaging);
    }
    assertThat("job 3 submitted before job 1 has paged", indexOf(log, "submit " + jobs.get(2), ""),
        lessThan(indexOf(log, "page " + jobs.get(0) + " ", " last")));
  }

  private static int indexOf(List<String> log, String prefix, String suffix) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).startsWith(prefix) && log.get(i).endsWith(suffix)) {
        return i;
      }
    }
    throw new AssertionError("no " + prefix + "..." + suffix + " in " + log);
  }

  /**
   * A checkpoint lands between every fetch and its claim, then again after the claim: each
   * residual goes through the restriction coder and is resumed by a new pager (another DoFn
   * instance of the same read). Every page is fetched once, every id read once.
   */
  @Test
  public void checkpointsBetweenFetchAndClaimFetchNoPageTwice() throws Exception {
    InMemoryGenesysApi api = api();
    String readId = UUID.randomUUID().toString();
    WindowProgress progress =
        WindowProgress.start(ids(HOURS), JobSpans.initialParts(ids(HOURS), 3));
    Map<String, String> windowOfId = new HashMap<>();
    int resumes = 0;
    while (!progress.isDone()) {
      PrefetchingPager pager = pager(api, 3, readId);
      ProgressTracker<WindowProgress> tracker = new ProgressTracker<>(progress, true);
      WindowPager.Step step = pager.next(tracker.currentRestriction());
      if (resumes % 2 == 0) {
        // The checkpoint comes first: the step read is not claimed, the residual is as before.
        SplitResult<WindowProgress> split = tracker.trySplit(0);
        assertNotNull(split);
        assertFalse(tracker.tryClaim(step.next()));
        progress = CoderUtils.clone(WindowProgress.Coder.INSTANCE, split.getResidual());
      } else {
        assertTrue(tracker.tryClaim(step.next()));
        pager.claimed(step);
        for (WindowPager.Kept kept : step.conversations()) {
          assertEquals(null, windowOfId.put(kept.conversation().conversationId(),
              kept.windowId()));
        }
        SplitResult<WindowProgress> split = tracker.trySplit(0);
        progress = split == null ? tracker.currentRestriction()
            : CoderUtils.clone(WindowProgress.Coder.INSTANCE, split.getResidual());
      }
      resumes++;
    }
    assertEquals(new HashSet<>(api.idsStartingIn(DAY)), windowOfId.keySet());
    assertEquals("each page fetched once", progress.pages(), api.jobPages.get());
    assertEquals("each job submitted once", 3, api.submits.get());
  }

  @Test
  public void finishedJobsAreDeletedInTheBackgroundAndAFailedDeleteIsNotTheReadsFailure()
      throws Exception {
    InMemoryGenesysApi api = api();
    Map<String, String> windowOfId = new HashMap<>();
    read(pager(api, 3, UUID.randomUUID().toString()),
        WindowProgress.start(ids(HOURS), JobSpans.initialParts(ids(HOURS), 3)), windowOfId);
    awaitLog(api, 3);
    assertEquals(3, api.deletes.get());

    InMemoryGenesysApi failing = api();
    failing.deletesFail = true;
    Map<String, String> read = new HashMap<>();
    WindowProgress done = read(pager(failing, 3, UUID.randomUUID().toString()),
        WindowProgress.start(ids(HOURS), JobSpans.initialParts(ids(HOURS), 3)), read);
    awaitLog(failing, 3);
    assertEquals(windowOfId, read);
    assertEquals(24, done.manifests(GenesysIO.Mode.JOBS).size());
    assertEquals(0, failing.deletes.get());
  }

  /** Waits (a few seconds at most) until {@code deletes} deletes were asked for. */
  private static void awaitLog(InMemoryGenesysApi api, int deletes) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(5);
    while (api.log.stream().filter(e -> e.startsWith("delete ")).count() < deletes) {
      assertTrue("deletes asked for: " + api.log, Instant.now().isBefore(until));
      Thread.sleep(10);
    }
  }
}
