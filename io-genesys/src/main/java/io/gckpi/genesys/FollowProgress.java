package io.gckpi.genesys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How far the unbounded read has followed the present: the restriction of {@link
 * FollowWindowsFn}. {@code nextStartMs} is the start of the first window never read; {@code
 * reReadStartsMs} the windows read once and due a second read after the trailing horizon (in
 * order); {@code current} the window being read now (first read or re-read), with its own page
 * progress. The read is done when every window up to {@code endMs} is read and re-read.
 */
record FollowProgress(
    long nextStartMs, long endMs, List<Long> reReadStartsMs, @Nullable WindowProgress current)
    implements ProgressTracker.Progress<FollowProgress> {

  FollowProgress {
    reReadStartsMs = List.copyOf(reReadStartsMs);
  }

  static FollowProgress start(Interval interval) {
    return new FollowProgress(
        interval.start().toEpochMilli(), interval.end().toEpochMilli(), List.of(), null);
  }

  @Override
  public boolean isDone() {
    return current == null && reReadStartsMs.isEmpty() && nextStartMs >= endMs;
  }

  @Override
  public FollowProgress finished() {
    return new FollowProgress(endMs, endMs, List.of(), null);
  }

  /**
   * The event time before which nothing more will come out: the start of the earliest window
   * still due a read, first or second; {@code Long.MAX_VALUE} once done.
   */
  long watermarkMs() {
    long watermark = nextStartMs < endMs ? nextStartMs : Long.MAX_VALUE;
    if (!reReadStartsMs.isEmpty()) {
      watermark = Math.min(watermark, reReadStartsMs.get(0));
    }
    if (current != null) {
      watermark = Math.min(watermark, current.span().start().toEpochMilli());
    }
    return watermark;
  }

  FollowProgress withCurrent(@Nullable WindowProgress window) {
    return new FollowProgress(nextStartMs, endMs, reReadStartsMs, window);
  }

  /**
   * The next window to read once the data is complete up to {@code frontierMs}, as a new
   * progress, or null when none is due: a re-read whose window ended at least {@code horizonMs}
   * before the frontier comes first, then the next window that ended before it. With a positive
   * horizon a window's first read also books its re-read.
   */
  @Nullable FollowProgress startDue(long frontierMs, long windowSizeMs, long horizonMs) {
    if (current != null) {
      return this;
    }
    if (!reReadStartsMs.isEmpty()) {
      long start = reReadStartsMs.get(0);
      if (windowEnd(start, windowSizeMs) + horizonMs <= frontierMs) {
        return new FollowProgress(nextStartMs, endMs,
            reReadStartsMs.subList(1, reReadStartsMs.size()),
            WindowProgress.start(window(start, windowSizeMs).toString()));
      }
    }
    if (nextStartMs < endMs && windowEnd(nextStartMs, windowSizeMs) <= frontierMs) {
      List<Long> reReads = new ArrayList<>(reReadStartsMs);
      if (horizonMs > 0) {
        reReads.add(nextStartMs);
      }
      return new FollowProgress(windowEnd(nextStartMs, windowSizeMs), endMs, reReads,
          WindowProgress.start(window(nextStartMs, windowSizeMs).toString()));
    }
    return null;
  }

  private long windowEnd(long startMs, long windowSizeMs) {
    return Math.min(startMs + windowSizeMs, endMs);
  }

  private Interval window(long startMs, long windowSizeMs) {
    return new Interval(java.time.Instant.ofEpochMilli(startMs),
        java.time.Instant.ofEpochMilli(windowEnd(startMs, windowSizeMs)));
  }

  /** The restriction coder. */
  static final class Coder extends CustomCoder<FollowProgress> {
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final ListCoder<Long> LONGS = ListCoder.of(LONG);
    private static final NullableCoder<WindowProgress> CURRENT =
        NullableCoder.of(WindowProgress.Coder.INSTANCE);

    static final Coder INSTANCE = new Coder();

    @Override
    public void encode(FollowProgress value, OutputStream out) throws IOException {
      LONG.encode(value.nextStartMs(), out);
      LONG.encode(value.endMs(), out);
      LONGS.encode(value.reReadStartsMs(), out);
      CURRENT.encode(value.current(), out);
    }

    @Override
    public FollowProgress decode(InputStream in) throws IOException {
      return new FollowProgress(LONG.decode(in), LONG.decode(in), LONGS.decode(in),
          CURRENT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
