package io.gckpi.genesys;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The restrictions of the splittable reads: a checkpoint after k claimed pages leaves a primary
 * that ends there and a residual that resumes at page k+1 of the same job; restrictions survive
 * their coders; the unbounded read's schedule of first reads and re-reads, worked by hand.
 */
@RunWith(JUnit4.class)
public class WindowProgressTest {
  private static final String WINDOW = "2024-01-15T06:00:00Z/2024-01-15T12:00:00Z";

  private static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static long[] counts(long... perWindow) {
    return perWindow;
  }

  @Test
  public void aCheckpointAfterTwoPagesResumesAtTheThirdPageOfTheSameJob() throws Exception {
    ProgressTracker<WindowProgress> tracker =
        new ProgressTracker<>(WindowProgress.start(WINDOW), true);
    WindowProgress job = tracker.currentRestriction().withJob(0, "job-1");
    assertTrue(tracker.tryClaim(job));
    WindowProgress page1 = job.afterPage(0, "c1", counts(100), ms("2024-01-16T00:00:00Z"));
    assertTrue(tracker.tryClaim(page1));
    WindowProgress page2 = page1.afterPage(0, "c2", counts(90), null);
    assertTrue(tracker.tryClaim(page2));

    SplitResult<WindowProgress> split = tracker.trySplit(0);
    assertNotNull(split);
    WindowProgress primary = split.getPrimary();
    WindowProgress residual = split.getResidual();
    assertTrue(primary.isDone());
    assertEquals(2, primary.pages());
    assertEquals(190, primary.conversations());
    assertFalse(residual.isDone());
    assertEquals("job-1", residual.parts().get(0).jobId());
    assertEquals("c2", residual.parts().get(0).cursor());
    assertEquals(190, residual.conversations());
    assertFalse("nothing more is claimed after a checkpoint",
        tracker.tryClaim(page2.afterPage(0, null, counts(5), null)));
    tracker.checkDone();

    WindowProgress decoded =
        CoderUtils.clone(WindowProgress.Coder.INSTANCE, residual);
    assertEquals(residual, decoded);
    WindowProgress last = decoded.afterPage(0, null, counts(10), null);
    assertTrue(last.isDone());
    assertEquals(3, last.pages());
    assertEquals(
        List.of(WindowManifest.create(WINDOW, 3, 200, "job-1", ms("2024-01-16T00:00:00Z"),
            "JOBS", 1)),
        last.manifests(GenesysIO.Mode.JOBS));
  }

  /**
   * A span of three hours in two parts paged side by side: each part keeps its own job and
   * cursor through a checkpoint, the counts are the windows' own, and every window gets a
   * manifest with the span's pages and jobs once both parts are read.
   */
  @Test
  public void aSpanOfWindowsKeepsEachPartsCursorAndCountsPerWindow() throws Exception {
    List<String> windows = List.of("2024-01-15T06:00:00Z/2024-01-15T07:00:00Z",
        "2024-01-15T07:00:00Z/2024-01-15T08:00:00Z", "2024-01-15T08:00:00Z/2024-01-15T09:00:00Z");
    WindowProgress span = WindowProgress.start(windows, JobSpans.initialParts(windows, 2));
    assertEquals(List.of("2024-01-15T06:00:00Z/2024-01-15T07:00:00Z",
        "2024-01-15T07:00:00Z/2024-01-15T09:00:00Z"),
        span.parts().stream().map(WindowProgress.Part::interval).toList());
    assertEquals(Interval.parse("2024-01-15T06:00:00Z/2024-01-15T09:00:00Z"), span.span());
    assertEquals(1, span.windowIndexOf(Instant.parse("2024-01-15T07:00:00Z")));
    assertEquals(-1, span.windowIndexOf(Instant.parse("2024-01-15T09:00:00Z")));
    WindowProgress paging = span.withJob(0, "a").withJob(1, "b")
        .afterPage(1, "b2", counts(0, 40, 10), null)
        .afterPage(0, "a2", counts(30, 0, 0), null);
    WindowProgress decoded = CoderUtils.clone(WindowProgress.Coder.INSTANCE, paging);
    assertEquals(paging, decoded);
    assertEquals("a2", decoded.parts().get(0).cursor());
    assertEquals("b2", decoded.parts().get(1).cursor());
    WindowProgress read = decoded.afterPage(1, null, counts(0, 5, 20), null)
        .afterPage(0, null, counts(3, 0, 0), null);
    assertTrue(read.isDone());
    assertEquals(List.of(33L, 45L, 30L), read.windowConversations());
    assertEquals(
        List.of(WindowManifest.create(windows.get(0), 4, 33, "a,b", null, "JOBS", 2),
            WindowManifest.create(windows.get(1), 4, 45, "a,b", null, "JOBS", 2),
            WindowManifest.create(windows.get(2), 4, 30, "a,b", null, "JOBS", 2)),
        read.manifests(GenesysIO.Mode.JOBS));
  }

  /**
   * A failing part of several windows is cut at the window boundary nearest its middle; a
   * window that fails gets no manifest and its parts are dropped, the others are read.
   */
  @Test
  public void aFailingPartIsCutAtAWindowBoundaryAndAFailedWindowGetsNoManifest() {
    List<String> windows = Interval.parse("2024-01-15T00:00:00Z/2024-01-15T04:00:00Z")
        .split(Duration.ofHours(1)).stream().map(Interval::toString).toList();
    WindowProgress span = WindowProgress.start(windows, JobSpans.initialParts(windows, 1));
    Instant cut = span.windowBoundaryInside(span.partInterval(0));
    assertEquals(Instant.parse("2024-01-15T02:00:00Z"), cut);
    WindowProgress halves = span.afterFailure(0, true).cutPart(0, cut);
    assertEquals(List.of(
        new WindowProgress.Part("2024-01-15T00:00:00Z/2024-01-15T02:00:00Z", null, null, 0, 0, false),
        new WindowProgress.Part("2024-01-15T02:00:00Z/2024-01-15T04:00:00Z", null, null, 0, 0, false)),
        halves.parts());
    assertNull(halves.windowBoundaryInside(Interval.parse(windows.get(1))));
    WindowProgress failed = halves.cutPart(0, Instant.parse("2024-01-15T01:00:00Z"))
        .failWindow(windows.get(1));
    assertEquals(List.of("2024-01-15T00:00:00Z/2024-01-15T01:00:00Z",
        "2024-01-15T02:00:00Z/2024-01-15T04:00:00Z"),
        failed.parts().stream().map(WindowProgress.Part::interval).toList());
    WindowProgress read = failed.withJob(0, "x").afterPage(0, null, counts(1, 0, 0, 0), null)
        .withJob(0, "y").afterPage(0, null, counts(0, 0, 2, 3), null);
    assertEquals(List.of(windows.get(0), windows.get(2), windows.get(3)),
        read.manifests(GenesysIO.Mode.JOBS).stream().map(WindowManifest::getWindowId).toList());
  }

  @Test
  public void anUnfinishedRestrictionFailsCheckDoneAndOtherFractionsAreDeclined() {
    ProgressTracker<WindowProgress> tracker =
        new ProgressTracker<>(WindowProgress.start(WINDOW), true);
    assertNull(tracker.trySplit(0.5));
    try {
      tracker.checkDone();
      throw new AssertionError("checkDone must refuse an unread window");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage().contains(WINDOW));
    }
  }

  @Test
  public void aPartOverTheCapIsReplacedByItsHalvesInOrder() {
    WindowProgress split = WindowProgress.start(WINDOW).splitPart(0, 0);
    assertEquals(
        List.of("2024-01-15T06:00:00Z/2024-01-15T09:00:00Z",
            "2024-01-15T09:00:00Z/2024-01-15T12:00:00Z"),
        split.parts().stream().map(WindowProgress.Part::interval).toList());
    WindowProgress afterFirst = split.withJob(0, "a").afterPage(0, null, counts(7), null);
    assertEquals(List.of(WindowProgress.Part.of(
        Interval.parse("2024-01-15T09:00:00Z/2024-01-15T12:00:00Z"))), afterFirst.parts());
    assertEquals(1, afterFirst.partsRead());
  }

  @Test
  public void sizedPartsAreKeptThroughTheCoderSoACheckpointDoesNotPlanThemAgain()
      throws Exception {
    WindowProgress sized =
        WindowProgress.start(WINDOW)
            .sizedInto(Interval.parse(WINDOW).split(Duration.ofHours(2)))
            .withJob(0, "job-1")
            .afterPage(0, "cursor-2", counts(5), null);
    WindowProgress decoded = CoderUtils.clone(WindowProgress.Coder.INSTANCE, sized);
    assertEquals(sized, decoded);
    assertTrue(decoded.sized());
    assertFalse(WindowProgress.start(WINDOW).sized());
    assertEquals("2024-01-15T06:00:00Z/2024-01-15T08:00:00Z", decoded.parts().get(0).interval());
    assertEquals(3, decoded.parts().size());
  }

  /**
   * Window 00-01, 01-02, 02-03 with a one-hour horizon: the first window is due when the frontier
   * reaches 01:00, its re-read when it reaches 02:00, which comes before window 01-02's first
   * read; the watermark stays at 00:00 until the re-read is done.
   */
  @Test
  public void theUnboundedScheduleReadsEachWindowWhenCompleteAndOnceMoreAfterTheHorizon()
      throws Exception {
    long hour = Duration.ofHours(1).toMillis();
    FollowProgress p =
        FollowProgress.start(Interval.parse("2024-01-15T00:00:00Z/2024-01-15T03:00:00Z"));
    assertNull(p.startDue(ms("2024-01-15T00:59:59Z"), hour, hour));
    FollowProgress first = p.startDue(ms("2024-01-15T01:00:00Z"), hour, hour);
    assertEquals("2024-01-15T00:00:00Z/2024-01-15T01:00:00Z", first.current().spanId());
    assertEquals(List.of(ms("2024-01-15T00:00:00Z")), first.reReadStartsMs());
    assertEquals(CoderUtils.clone(FollowProgress.Coder.INSTANCE, first), first);
    FollowProgress read = first.withCurrent(null);
    assertEquals(ms("2024-01-15T00:00:00Z"), read.watermarkMs());
    assertNull(read.startDue(ms("2024-01-15T01:30:00Z"), hour, hour));
    FollowProgress reRead = read.startDue(ms("2024-01-15T02:00:00Z"), hour, hour);
    assertEquals("2024-01-15T00:00:00Z/2024-01-15T01:00:00Z", reRead.current().spanId());
    assertEquals(List.of(), reRead.reReadStartsMs());
    FollowProgress second = reRead.withCurrent(null).startDue(ms("2024-01-15T02:00:00Z"), hour,
        hour);
    assertEquals("2024-01-15T01:00:00Z/2024-01-15T02:00:00Z", second.current().spanId());
    assertEquals(ms("2024-01-15T01:00:00Z"), second.watermarkMs());
    assertFalse(second.isDone());
    assertTrue(second.finished().isDone());
    assertEquals(Long.MAX_VALUE, second.finished().watermarkMs());
  }
}
