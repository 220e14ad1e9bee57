package io.gckpi.genesys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How far the read of one extraction window has come: the restriction of {@link ReadWindowFn}
 * and the in-flight part of {@link FollowWindowsFn}'s.
 *
 * <p>The window is read in parts (one, unless a result cap split it); {@code parts} holds those
 * still to read, the first being current. Within the current part, progress is the detail job
 * ({@code jobId}, null until submitted) and the cursor of its next page ({@code cursor}, null for
 * page one; in query mode the next page number). The running totals travel with it, so the
 * manifest written when the last part ends counts every page, whatever checkpoints happened in
 * between. The window is read when {@code parts} is empty. {@code sized} says its parts were
 * already planned from the aggregates API, so that a checkpoint does not plan them again.
 */
record WindowProgress(
    String windowId,
    List<String> parts,
    @Nullable String jobId,
    @Nullable String cursor,
    long pages,
    long conversations,
    List<String> jobIds,
    @Nullable Long dataAvailabilityMs,
    int partsRead,
    int failedAttempts,
    boolean sized)
    implements ProgressTracker.Progress<WindowProgress> {

  WindowProgress {
    parts = List.copyOf(parts);
    jobIds = List.copyOf(jobIds);
  }

  /** A window not read yet: one part, the window itself. */
  static WindowProgress start(String windowId) {
    return new WindowProgress(
        windowId, List.of(windowId), null, null, 0, 0, List.of(), null, 0, 0, false);
  }

  Interval window() {
    return Interval.parse(windowId);
  }

  Interval currentPart() {
    return Interval.parse(parts.get(0));
  }

  @Override
  public boolean isDone() {
    return parts.isEmpty();
  }

  /** What a checkpoint leaves behind as the primary: the pages emitted so far, nothing to do. */
  @Override
  public WindowProgress finished() {
    return new WindowProgress(windowId, List.of(), null, null, pages, conversations, jobIds,
        dataAvailabilityMs, partsRead, failedAttempts, sized);
  }

  /** The current part's job was submitted and fulfilled; its pages come next. */
  WindowProgress withJob(String newJobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.add(newJobId);
    return new WindowProgress(windowId, parts, newJobId, null, pages, conversations, ids,
        dataAvailabilityMs, partsRead, failedAttempts, sized);
  }

  /** One more page of the current part was read; {@code nextCursor} null means it was the last. */
  WindowProgress afterPage(
      @Nullable String nextCursor, int kept, @Nullable Long availabilityMs) {
    Long availability = availabilityMs != null ? availabilityMs : dataAvailabilityMs;
    if (nextCursor != null) {
      return new WindowProgress(windowId, parts, jobId, nextCursor, pages + 1,
          conversations + kept, jobIds, availability, partsRead, failedAttempts, sized);
    }
    return new WindowProgress(windowId, parts.subList(1, parts.size()), null, null, pages + 1,
        conversations + kept, jobIds, availability, partsRead + 1, failedAttempts, sized);
  }

  /**
   * The window is to be read in these parts, in order, sized from Genesys' conversation counts
   * before its first job (see {@link GenesysIO.Read#withAggregateSizing}).
   */
  WindowProgress sizedInto(List<Interval> plannedParts) {
    return new WindowProgress(windowId, partIds(plannedParts), null, null, pages, conversations,
        jobIds, dataAvailabilityMs, partsRead, failedAttempts, true);
  }

  /** The parts as the restriction keeps them: their ISO-8601 intervals, in order. */
  private static List<String> partIds(List<Interval> intervals) {
    List<String> ids = new ArrayList<>();
    for (Interval part : intervals) {
      ids.add(part.toString());
    }
    return ids;
  }

  /** The current part holds more than one job or query may return: read its halves instead. */
  WindowProgress splitCurrentPart(long pagesSpent) {
    Interval part = currentPart();
    List<String> next = partIds(part.split(part.duration().dividedBy(2)));
    next.addAll(parts.subList(1, parts.size()));
    return new WindowProgress(windowId, next, null, null, pages + pagesSpent, conversations,
        jobIds, dataAvailabilityMs, partsRead, failedAttempts, sized);
  }

  /**
   * After {@link #afterPage} finished the current part early: {@code rest} (the current part from
   * a later instant on) is read next, as a part of its own.
   */
  WindowProgress withRemainder(Interval rest) {
    List<String> next = new ArrayList<>();
    next.add(rest.toString());
    next.addAll(parts);
    return new WindowProgress(windowId, next, jobId, cursor, pages, conversations, jobIds,
        dataAvailabilityMs, partsRead - 1, failedAttempts, sized);
  }

  /**
   * An attempt failed. With {@code newJob} the current part starts again with a new job (its job
   * failed, or its cursor or job is gone); otherwise the same step is tried again.
   */
  WindowProgress afterFailure(boolean newJob) {
    return new WindowProgress(windowId, parts, newJob ? null : jobId, newJob ? null : cursor,
        pages, conversations, jobIds, dataAvailabilityMs, partsRead, failedAttempts + 1, sized);
  }

  WindowManifest manifest(GenesysIO.Mode mode) {
    return WindowManifest.create(windowId, pages, conversations,
        jobIds.isEmpty() ? null : String.join(",", jobIds), dataAvailabilityMs, mode.name(),
        partsRead);
  }

  /** The restriction coder: explicit fields, so that a checkpoint survives any runner. */
  static final class Coder extends CustomCoder<WindowProgress> {
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final NullableCoder<String> OPTIONAL_STRING = NullableCoder.of(STRING);
    private static final ListCoder<String> STRINGS = ListCoder.of(STRING);
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final NullableCoder<Long> OPTIONAL_LONG = NullableCoder.of(LONG);
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final BooleanCoder BOOLEAN = BooleanCoder.of();

    static final Coder INSTANCE = new Coder();

    @Override
    public void encode(WindowProgress value, OutputStream out) throws IOException {
      STRING.encode(value.windowId(), out);
      STRINGS.encode(value.parts(), out);
      OPTIONAL_STRING.encode(value.jobId(), out);
      OPTIONAL_STRING.encode(value.cursor(), out);
      LONG.encode(value.pages(), out);
      LONG.encode(value.conversations(), out);
      STRINGS.encode(value.jobIds(), out);
      OPTIONAL_LONG.encode(value.dataAvailabilityMs(), out);
      INT.encode(value.partsRead(), out);
      INT.encode(value.failedAttempts(), out);
      BOOLEAN.encode(value.sized(), out);
    }

    @Override
    public WindowProgress decode(InputStream in) throws IOException {
      return new WindowProgress(
          STRING.decode(in),
          STRINGS.decode(in),
          OPTIONAL_STRING.decode(in),
          OPTIONAL_STRING.decode(in),
          LONG.decode(in),
          LONG.decode(in),
          STRINGS.decode(in),
          OPTIONAL_LONG.decode(in),
          INT.decode(in),
          INT.decode(in),
          BOOLEAN.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
