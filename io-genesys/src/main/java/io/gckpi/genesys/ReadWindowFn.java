package io.gckpi.genesys;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;

/**
 * The bounded read: a splittable DoFn over extraction windows, each element one window id.
 *
 * <p><b>Why one element per window.</b> The read's windows are non-overlapping half-open UTC
 * intervals, and each is an independent unit (its own detail job). Flink in batch mode never
 * splits a restriction dynamically and processes an element's restrictions where the element
 * lands, so parallelism must exist before the DoFn: the read creates one element per window and
 * spreads them with a reshuffle; the initial restriction of an element is its whole window.
 *
 * <p><b>The restriction</b> is a {@link WindowProgress}: the window's remaining parts (a part over
 * the result cap is replaced by its halves), the current part's detail job and the cursor of its
 * next page, and running totals for the manifest. It has its own {@link WindowProgress.Coder}.
 * The {@link ProgressTracker} claims whole steps: each API step (submit and await a job, or fetch
 * one page) is taken first, then its resulting progress is claimed, then what it read is emitted.
 * A checkpoint (the DirectRunner takes one every few seconds or outputs, Flink streaming and
 * Dataflow whenever they like) makes the claimed progress the primary and leaves the rest as a
 * residual that resumes with the same job at the next cursor: no page is lost or emitted twice.
 * Only when the job itself is gone on resume (Genesys expires jobs and cursors) does the part
 * start again with a new job; the copies this makes are reduced by the read's de-duplication.
 *
 * <p><b>Failures</b> are handled by {@link WindowPager}: a failed step is repeated (same cursor
 * first), up to the attempts per window; then the window is emitted as a {@link FailedWindow} and
 * the element ends, while other windows go on.
 *
 * <p><b>Size</b>: {@link #getSize} estimates the conversations still to read: the remaining parts
 * times the conversations per part read so far (a page's worth before anything is read).
 */
@org.apache.beam.sdk.transforms.DoFn.BoundedPerElement
class ReadWindowFn extends GenesysReadFn<String> {

  ReadWindowFn(GenesysIO.Read read) {
    super(read);
  }

  @GetInitialRestriction
  public WindowProgress initialRestriction(@Element String windowId) {
    return WindowProgress.start(windowId);
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
      RestrictionTracker<WindowProgress, WindowProgress> tracker, MultiOutputReceiver out) {
    WindowProgress progress = tracker.currentRestriction();
    while (!progress.isDone()) {
      WindowPager.Step step = pager.advance(progress);
      if (!tracker.tryClaim(step.next())) {
        return ProcessContinuation.stop();
      }
      emit(step, out, false);
      progress = step.next();
    }
    return ProcessContinuation.stop();
  }
}
