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

  @Test
  public void aCheckpointAfterTwoPagesResumesAtTheThirdPageOfTheSameJob() throws Exception {
    ProgressTracker<WindowProgress> tracker =
        new ProgressTracker<>(WindowProgress.start(WINDOW), true);
    WindowProgress job = tracker.currentRestriction().withJob("job-1");
    assertTrue(tracker.tryClaim(job));
    WindowProgress page1 = job.afterPage("c1", 100, ms("2024-01-16T00:00:00Z"));
    assertTrue(tracker.tryClaim(page1));
    WindowProgress page2 = page1.afterPage("c2", 90, null);
    assertTrue(tracker.tryClaim(page2));

    SplitResult<WindowProgress> split = tracker.trySplit(0);
    assertNotNull(split);
    WindowProgress primary = split.getPrimary();
    WindowProgress residual = split.getResidual();
    assertTrue(primary.isDone());
    assertEquals(2, primary.pages());
    assertEquals(190, primary.conversations());
    assertFalse(residual.isDone());
    assertEquals("job-1", residual.jobId());
    assertEquals("c2", residual.cursor());
    assertEquals(190, residual.conversations());
    assertFalse("nothing more is claimed after a checkpoint",
        tracker.tryClaim(page2.afterPage(null, 5, null)));
    tracker.checkDone();

    WindowProgress decoded =
        CoderUtils.clone(WindowProgress.Coder.INSTANCE, residual);
    assertEquals(residual, decoded);
    WindowProgress last = decoded.afterPage(null, 10, null);
    assertTrue(last.isDone());
    assertEquals(3, last.pages());
    assertEquals(
        WindowManifest.create(WINDOW, 3, 200, "job-1", ms("2024-01-16T00:00:00Z"), "JOBS", 1),
        last.manifest(GenesysIO.Mode.JOBS));
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
    WindowProgress split = WindowProgress.start(WINDOW).splitCurrentPart(0);
    assertEquals(
        List.of("2024-01-15T06:00:00Z/2024-01-15T09:00:00Z",
            "2024-01-15T09:00:00Z/2024-01-15T12:00:00Z"),
        split.parts());
    WindowProgress afterFirst = split.withJob("a").afterPage(null, 7, null);
    assertEquals(List.of("2024-01-15T09:00:00Z/2024-01-15T12:00:00Z"), afterFirst.parts());
    assertEquals(1, afterFirst.partsRead());
    assertNull(afterFirst.jobId());
  }

  @Test
  public void sizedPartsAreKeptThroughTheCoderSoACheckpointDoesNotPlanThemAgain()
      throws Exception {
    WindowProgress sized =
        WindowProgress.start(WINDOW)
            .sizedInto(Interval.parse(WINDOW).split(Duration.ofHours(2)))
            .withJob("job-1")
            .afterPage("cursor-2", 5, null);
    WindowProgress decoded = CoderUtils.clone(WindowProgress.Coder.INSTANCE, sized);
    assertEquals(sized, decoded);
    assertTrue(decoded.sized());
    assertFalse(WindowProgress.start(WINDOW).sized());
    assertEquals("2024-01-15T06:00:00Z/2024-01-15T08:00:00Z", decoded.parts().get(0));
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
    assertEquals("2024-01-15T00:00:00Z/2024-01-15T01:00:00Z", first.current().windowId());
    assertEquals(List.of(ms("2024-01-15T00:00:00Z")), first.reReadStartsMs());
    assertEquals(CoderUtils.clone(FollowProgress.Coder.INSTANCE, first), first);
    FollowProgress read = first.withCurrent(null);
    assertEquals(ms("2024-01-15T00:00:00Z"), read.watermarkMs());
    assertNull(read.startDue(ms("2024-01-15T01:30:00Z"), hour, hour));
    FollowProgress reRead = read.startDue(ms("2024-01-15T02:00:00Z"), hour, hour);
    assertEquals("2024-01-15T00:00:00Z/2024-01-15T01:00:00Z", reRead.current().windowId());
    assertEquals(List.of(), reRead.reReadStartsMs());
    FollowProgress second = reRead.withCurrent(null).startDue(ms("2024-01-15T02:00:00Z"), hour,
        hour);
    assertEquals("2024-01-15T01:00:00Z/2024-01-15T02:00:00Z", second.current().windowId());
    assertEquals(ms("2024-01-15T01:00:00Z"), second.watermarkMs());
    assertFalse(second.isDone());
    assertTrue(second.finished().isDone());
    assertEquals(Long.MAX_VALUE, second.finished().watermarkMs());
  }
}
