package io.gckpi.genesys;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;

/**
 * The bounded read: a splittable DoFn over spans of extraction windows, each element the ids of
 * one span's windows ({@link JobSpans}: in jobs mode adjacent windows of one UTC day, read by a
 * few jobs; in query mode one window).
 *
 * <p><b>Why one element per span.</b> The spans are non-overlapping, and each is an independent
 * unit (its own detail jobs). Flink in batch mode never splits a restriction dynamically and
 * processes an element's restrictions where the element lands, so parallelism must exist before
 * the DoFn: the read creates one element per span and spreads them with a reshuffle; the
 * initial restriction of an element is its whole span, in {@link JobSpans#initialParts}.
 *
 * <p><b>The restriction</b> is a {@link WindowProgress}: the span's remaining parts (a part over
 * the result cap is replaced by its halves), each part's detail job and the cursor of its next
 * page, and running totals per window for the manifests. It has its own {@link
 * WindowProgress.Coder}. The {@link ProgressTracker} claims whole steps: each API step (submit
 * and await a job, or fetch one page) is taken first, then its resulting progress is claimed,
 * then what it read is emitted. The steps are fetched ahead by a {@link PrefetchingPager} (pages
 * of several parts at once, the next part's job submitted while they page), but claimed one at a
 * time. A checkpoint (the DirectRunner takes one every few seconds or outputs, Flink streaming
 * and Dataflow whenever they like) makes the claimed progress the primary and leaves the rest as
 * a residual that resumes with the same jobs at the next cursors: no page is lost or emitted
 * twice, and in the same JVM none is fetched twice either. Only when a job itself is gone on
 * resume (Genesys expires jobs and cursors) does its part start again with a new job; the copies
 * this makes are reduced by the read's de-duplication.
 *
 * <p><b>Failures</b> are handled by {@link WindowPager}: a failed step is repeated (same cursor
 * first), up to the attempts per part; a part covering several windows that keeps failing is cut
 * at a window boundary; a window that keeps failing is emitted as a {@link FailedWindow}, while
 * the span's other windows go on.
 *
 * <p><b>Size</b>: {@link #getSize} estimates the conversations still to read: the remaining parts
 * times the conversations per part read so far (a page's worth before anything is read).
 */
@org.apache.beam.sdk.transforms.DoFn.BoundedPerElement
class ReadWindowFn extends GenesysReadFn<List<String>> {
  private final int jobConcurrency;

  ReadWindowFn(GenesysIO.Read read) {
    super(read);
    this.jobConcurrency = read.getJobConcurrency();
  }

  @GetInitialRestriction
  public WindowProgress initialRestriction(@Element List<String> windowIds) {
    return WindowProgress.start(windowIds, JobSpans.initialParts(windowIds, jobConcurrency));
  }

  @NewTracker
  public ProgressTracker<WindowProgress> newTracker(@Restriction WindowProgress restriction) {
    return new ProgressTracker<>(restriction, true);
  }

  @GetRestrictionCoder
  public Coder<WindowProgress> restrictionCoder() {
    return WindowProgress.Coder.INSTANCE;
  }

  @GetSize
  public double getSize(@Restriction WindowProgress restriction) {
    return estimatedRemaining(restriction, pageSize());
  }

  static double estimatedRemaining(WindowProgress progress, int pageSize) {
    if (progress.isDone()) {
      return 0;
    }
    double perPart =
        progress.partsRead() == 0
            ? pageSize
            : Math.max(1.0, (double) progress.conversations() / progress.partsRead());
    return progress.parts().size() * perPart;
  }

  @ProcessElement
  public ProcessContinuation process(
      RestrictionTracker<WindowProgress, WindowProgress> tracker, MultiOutputReceiver out)
      throws InterruptedException {
    WindowProgress progress = tracker.currentRestriction();
    while (!progress.isDone()) {
      WindowPager.Step step = prefetching.next(progress);
      if (!tracker.tryClaim(step.next())) {
        return ProcessContinuation.stop();
      }
      prefetching.claimed(step);
      emit(step, out, false);
      progress = step.next();
    }
    return ProcessContinuation.stop();
  }
}
