package io.gckpi.genesys;

import java.time.Duration;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.transforms.splittabledofn.ManualWatermarkEstimator;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.WatermarkEstimators;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unbounded read: one element (the interval to follow), read window after window as the
 * present moves on.
 *
 * <p><b>When a window is read.</b> The frontier is {@code min(now - availabilityLag,
 * dataAvailabilityDate)}: Genesys' analytics data is complete only up to the availability date,
 * which its availability endpoint reports, and the lag keeps a margin behind the wall clock. A
 * window is read once the frontier passes its end, and with a trailing horizon once more when
 * the frontier passes its end plus the horizon, so that conversations still going on at the
 * first read land closed. A conversation open at the first read is held back until the re-read,
 * so that each conversation comes out once, closed when it closed in time: consumers that add up
 * closed conversations and count the others (KPI components, filtered counts) stay exact. When nothing is due, the DoFn checkpoints and
 * resumes after the poll interval. Once the interval's end is passed and every re-read is done
 * the element ends and the watermark goes to the end of time, so a bounded catch-up finishes; a
 * far-future end follows the present for good.
 *
 * <p><b>The restriction</b> is a {@link FollowProgress} with its own coder: the next window never
 * read, the windows due a re-read, and the window in flight with its page progress (a {@link
 * WindowProgress}, read step by step by {@link WindowPager}, fetched ahead by a {@link
 * PrefetchingPager}, exactly as the bounded read does).
 * Each step is claimed before its output is emitted, so a checkpoint resumes at the next page of
 * the same job.
 *
 * <p><b>Event time.</b> Every conversation is emitted at its start (its window's start when the
 * start is unreadable), a manifest or failure at its window's start. The watermark is the start
 * of the earliest window still due a read, first or second, so nothing is emitted behind it and
 * event-time windows downstream fire only when their data is in; a re-read's conversations come
 * out again, so consumers must treat a later copy of a conversation as a replacement.
 */
@org.apache.beam.sdk.transforms.DoFn.UnboundedPerElement
class FollowWindowsFn extends GenesysReadFn<String> {
  private static final Logger LOG = LoggerFactory.getLogger(FollowWindowsFn.class);

  private final long windowSizeMs;
  private final long horizonMs;
  private final long lagMs;
  private final org.joda.time.Duration pollInterval;
  private final GenesysIO.WallClock clock;

  FollowWindowsFn(GenesysIO.Read read) {
    super(read);
    this.windowSizeMs = read.getWindowSize().toMillis();
    this.horizonMs = read.getTrailingHorizon().toMillis();
    this.lagMs = read.getAvailabilityLag().toMillis();
    this.pollInterval = org.joda.time.Duration.millis(read.getPollInterval().toMillis());
    this.clock = read.getClock();
  }

  @GetInitialRestriction
  public FollowProgress initialRestriction(@Element String interval) {
    return FollowProgress.start(Interval.parse(interval));
  }

  @NewTracker
  public ProgressTracker<FollowProgress> newTracker(@Restriction FollowProgress restriction) {
    return new ProgressTracker<>(restriction, false);
  }

  @GetRestrictionCoder
  public Coder<FollowProgress> restrictionCoder() {
    return FollowProgress.Coder.INSTANCE;
  }

  /** Windows still to read (first reads and re-reads), a page's worth of conversations each. */
  @GetSize
  public double getSize(@Restriction FollowProgress restriction) {
    double windows =
        Math.max(0, restriction.endMs() - restriction.nextStartMs()) / (double) windowSizeMs
            + restriction.reReadStartsMs().size();
    double current =
        restriction.current() == null
            ? 0
            : ReadWindowFn.estimatedRemaining(restriction.current(), pageSize());
    return windows * pageSize() + current;
  }

  @GetInitialWatermarkEstimatorState
  public Instant initialWatermark(@Element String interval) {
    return new Instant(Interval.parse(interval).start().toEpochMilli());
  }

  @GetWatermarkEstimatorStateCoder
  public Coder<Instant> watermarkStateCoder() {
    return InstantCoder.of();
  }

  @NewWatermarkEstimator
  public WatermarkEstimators.Manual newWatermarkEstimator(
      @WatermarkEstimatorState Instant state) {
    return new WatermarkEstimators.Manual(state);
  }

  @ProcessElement
  public ProcessContinuation process(
      RestrictionTracker<FollowProgress, FollowProgress> tracker,
      ManualWatermarkEstimator<Instant> watermark,
      MultiOutputReceiver out) throws InterruptedException {
    FollowProgress progress = tracker.currentRestriction();
    while (!progress.isDone()) {
      FollowProgress next;
      if (progress.current() != null) {
        WindowPager.Step step = prefetching.next(progress.current());
        boolean firstOfTwoReads =
            horizonMs > 0
                && progress.reReadStartsMs()
                    .contains(progress.current().span().start().toEpochMilli());
        next = progress.withCurrent(step.next().isDone() ? null : step.next());
        if (!tracker.tryClaim(next)) {
          return ProcessContinuation.stop();
        }
        prefetching.claimed(step);
        emit(step, out, true, firstOfTwoReads);
      } else {
        java.time.Instant frontier = frontier();
        next = frontier == null ? null : progress.startDue(frontier.toEpochMilli(), windowSizeMs,
            horizonMs);
        if (next == null) {
          advanceWatermark(watermark, progress);
          return ProcessContinuation.resume().withResumeDelay(pollInterval);
        }
        if (!tracker.tryClaim(next)) {
          return ProcessContinuation.stop();
        }
        LOG.info("Data is complete up to {}: reading window {}", frontier,
            next.current().spanId());
      }
      progress = next;
      advanceWatermark(watermark, progress);
    }
    watermark.setWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE);
    return ProcessContinuation.stop();
  }

  private static void advanceWatermark(
      ManualWatermarkEstimator<Instant> watermark, FollowProgress progress) {
    long at = Math.min(progress.watermarkMs(), BoundedWindow.TIMESTAMP_MAX_VALUE.getMillis());
    if (at > watermark.currentWatermark().getMillis()) {
      watermark.setWatermark(new Instant(at));
    }
  }

  /** Up to where the data is complete now, or null when the availability cannot be read. */
  private java.time.@org.checkerframework.checker.nullness.qual.Nullable Instant frontier() {
    java.time.Instant byClock = clock.now().minus(Duration.ofMillis(lagMs));
    try {
      java.time.Instant available = client.getDetailsJobsAvailability();
      return available.isBefore(byClock) ? available : byClock;
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the data availability date (will poll again): {}", e.toString());
      return null;
    }
  }
}
