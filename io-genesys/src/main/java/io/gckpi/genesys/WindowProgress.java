package io.gckpi.genesys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
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
 * How far the read of a span of adjacent extraction windows has come: the restriction of {@link
 * ReadWindowFn} and the in-flight window of {@link FollowWindowsFn}'s.
 *
 * <p>A span is one or more ledger windows, in order and without gaps ({@code windowIds}), read
 * by detail jobs (or queries) over {@code parts}: contiguous intervals that tile the span's part
 * still to read, independent of the window boundaries. Each {@link Part} carries its own job,
 * the cursor of its next page (null for page one; in query mode the next page number) and its
 * failed attempts, so several parts can be paged at once and a checkpoint records each one's
 * position. A conversation belongs to the window holding its start, so the running totals are
 * kept per window ({@code windowConversations}); the manifests written when the last part ends
 * count every page, whatever checkpoints happened in between. A window that failed every attempt
 * is listed in {@code failedWindowIds} and gets no manifest. The span is read when {@code parts}
 * is empty. {@code sized} says its parts are settled: planned from the aggregates API, or a step
 * was already taken with them (a job submitted, a part split at the result cap), so that neither
 * a checkpoint nor a later step plans them again.
 */
record WindowProgress(
    List<String> windowIds,
    List<Part> parts,
    List<Long> windowConversations,
    List<String> failedWindowIds,
    long pages,
    List<String> jobIds,
    @Nullable Long dataAvailabilityMs,
    int partsRead,
    boolean sized)
    implements ProgressTracker.Progress<WindowProgress> {

  /**
   * A part still to read: its interval, its detail job (null until submitted and fulfilled), the
   * cursor of its next page, how many attempts at its next step failed in a row (a long part
   * meets the odd failure many times over; only failures in a row say that it cannot be read),
   * how many of its jobs were given up for a new one ({@code newJobs}: a job whose cursor or self
   * expired reads its first pages again, so those count however many pages went well), and
   * whether it is read by detail queries where the span is read by jobs ({@code byQuery}: its
   * jobs kept failing or expiring, so its conversations are paged by query instead).
   */
  record Part(String interval, @Nullable String jobId, @Nullable String cursor,
      int failedAttempts, int newJobs, boolean byQuery) {
    static Part of(Interval interval) {
      return of(interval, false);
    }

    static Part of(Interval interval, boolean byQuery) {
      return new Part(interval.toString(), null, null, 0, 0, byQuery);
    }

    Interval range() {
      return Interval.parse(interval);
    }

    /** A step succeeded: the attempts count again from none. */
    Part withJob(String newJobId) {
      return new Part(interval, newJobId, null, 0, newJobs, byQuery);
    }

    Part withCursor(String nextCursor) {
      return new Part(interval, jobId, nextCursor, 0, newJobs, byQuery);
    }
  }

  WindowProgress {
    windowIds = List.copyOf(windowIds);
    parts = List.copyOf(parts);
    windowConversations = List.copyOf(windowConversations);
    failedWindowIds = List.copyOf(failedWindowIds);
    jobIds = List.copyOf(jobIds);
    if (windowConversations.size() != windowIds.size()) {
      throw new IllegalArgumentException("one count per window: " + windowIds + " "
          + windowConversations);
    }
  }

  /** A single window not read yet: one part, the window itself. */
  static WindowProgress start(String windowId) {
    return start(List.of(windowId), List.of(Interval.parse(windowId)));
  }

  /** The adjacent {@code windowIds}, to be read in {@code parts} that tile them. */
  static WindowProgress start(List<String> windowIds, List<Interval> parts) {
    List<Part> initial = new ArrayList<>();
    for (Interval part : parts) {
      initial.add(Part.of(part));
    }
    List<Long> zeros = new ArrayList<>();
    for (int i = 0; i < windowIds.size(); i++) {
      zeros.add(0L);
    }
    return new WindowProgress(windowIds, initial, zeros, List.of(), 0, List.of(), null, 0, false);
  }

  /** From the first window's start to the last one's end. */
  Interval span() {
    return new Interval(Interval.parse(windowIds.get(0)).start(),
        Interval.parse(windowIds.get(windowIds.size() - 1)).end());
  }

  String spanId() {
    return windowIds.size() == 1 ? windowIds.get(0) : span().toString();
  }

  Interval partInterval(int index) {
    return parts.get(index).range();
  }

  /** Conversations read so far, over every window. */
  long conversations() {
    long sum = 0;
    for (long n : windowConversations) {
      sum += n;
    }
    return sum;
  }

  /** The index of the window holding {@code instant}, or -1 when the span does not. */
  int windowIndexOf(Instant instant) {
    int low = 0;
    int high = windowIds.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      Interval window = Interval.parse(windowIds.get(mid));
      if (instant.isBefore(window.start())) {
        high = mid - 1;
      } else if (!instant.isBefore(window.end())) {
        low = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /**
   * The window boundary inside {@code part} nearest its middle, or null when the part lies
   * within one window: where a part covering several windows is cut when it keeps failing.
   */
  @Nullable Instant windowBoundaryInside(Interval part) {
    long middle = part.start().toEpochMilli() + part.duration().toMillis() / 2;
    Instant best = null;
    for (String id : windowIds) {
      Instant boundary = Interval.parse(id).start();
      if (boundary.isAfter(part.start()) && boundary.isBefore(part.end())
          && (best == null || Math.abs(boundary.toEpochMilli() - middle)
              < Math.abs(best.toEpochMilli() - middle))) {
        best = boundary;
      }
    }
    return best;
  }

  @Override
  public boolean isDone() {
    return parts.isEmpty();
  }

  /** What a checkpoint leaves behind as the primary: the pages emitted so far, nothing to do. */
  @Override
  public WindowProgress finished() {
    return withParts(List.of());
  }

  private WindowProgress withParts(List<Part> newParts) {
    return new WindowProgress(windowIds, newParts, windowConversations, failedWindowIds, pages,
        jobIds, dataAvailabilityMs, partsRead, true);
  }

  private List<Part> replacing(int index, List<Part> with) {
    List<Part> next = new ArrayList<>(parts.subList(0, index));
    next.addAll(with);
    next.addAll(parts.subList(index + 1, parts.size()));
    return next;
  }

  /** Part {@code index}'s job was submitted and fulfilled; its pages come next. */
  WindowProgress withJob(int index, String newJobId) {
    List<String> ids = new ArrayList<>(jobIds);
    ids.add(newJobId);
    return new WindowProgress(windowIds,
        replacing(index, List.of(parts.get(index).withJob(newJobId))), windowConversations,
        failedWindowIds, pages, ids, dataAvailabilityMs, partsRead, true);
  }

  /**
   * One more page of part {@code index} was read, keeping {@code keptPerWindow[w]} conversations
   * of window {@code w}; {@code nextCursor} null means it was the part's last page.
   */
  WindowProgress afterPage(int index, @Nullable String nextCursor, long[] keptPerWindow,
      @Nullable Long availabilityMs) {
    List<Long> counts = new ArrayList<>(windowConversations);
    for (int w = 0; w < counts.size(); w++) {
      counts.set(w, counts.get(w) + keptPerWindow[w]);
    }
    Long availability = availabilityMs != null ? availabilityMs : dataAvailabilityMs;
    boolean last = nextCursor == null;
    List<Part> next =
        replacing(index, last ? List.of() : List.of(parts.get(index).withCursor(nextCursor)));
    return new WindowProgress(windowIds, next, counts, failedWindowIds, pages + 1, jobIds,
        availability, partsRead + (last ? 1 : 0), true);
  }

  /**
   * The span is to be read in these parts, in order, sized from Genesys' conversation counts
   * before its first job (see {@link GenesysIO.Read#withAggregateSizing}).
   */
  WindowProgress sizedInto(List<Interval> plannedParts) {
    List<Part> next = new ArrayList<>();
    for (Interval part : plannedParts) {
      next.add(Part.of(part));
    }
    return new WindowProgress(windowIds, next, windowConversations, failedWindowIds, pages,
        jobIds, dataAvailabilityMs, partsRead, true);
  }

  /** Part {@code index} holds more than one job or query may return: read its halves instead. */
  WindowProgress splitPart(int index, long pagesSpent) {
    Interval part = partInterval(index);
    List<Part> halves = new ArrayList<>();
    boolean byQuery = parts.get(index).byQuery();
    for (Interval half : part.split(part.duration().dividedBy(2))) {
      halves.add(Part.of(half, byQuery));
    }
    return new WindowProgress(windowIds, replacing(index, halves), windowConversations,
        failedWindowIds, pages + pagesSpent, jobIds, dataAvailabilityMs, partsRead, true);
  }

  /**
   * Part {@code index} keeps failing but covers several windows: read it as two parts cut at
   * {@code at} (a window boundary), each with new jobs and attempts, so that a failure confined
   * to one window fails that window only.
   */
  WindowProgress cutPart(int index, Instant at) {
    Interval part = partInterval(index);
    boolean byQuery = parts.get(index).byQuery();
    return withParts(replacing(index, List.of(Part.of(new Interval(part.start(), at), byQuery),
        Part.of(new Interval(at, part.end()), byQuery))));
  }

  /**
   * Part {@code index} used up its attempts by detail jobs (they kept failing, or their cursors
   * or the jobs themselves expired): read it by detail queries instead, from page one, with
   * fresh attempts. What its jobs emitted already comes out again, to be reduced by the read's
   * de-duplication.
   */
  WindowProgress readByQuery(int index) {
    return withParts(replacing(index, List.of(Part.of(partInterval(index), true))));
  }

  /**
   * After {@link #afterPage} finished part {@code index} early: {@code rest} (that part from a
   * later instant on) is read next in its place, as a part of its own, by query when
   * {@code byQuery}.
   */
  WindowProgress withRemainder(int index, Interval rest, boolean byQuery) {
    List<Part> next = new ArrayList<>(parts.subList(0, index));
    next.add(Part.of(rest, byQuery));
    next.addAll(parts.subList(index, parts.size()));
    return new WindowProgress(windowIds, next, windowConversations, failedWindowIds, pages,
        jobIds, dataAvailabilityMs, partsRead - 1, true);
  }

  /**
   * An attempt at part {@code index} failed. With {@code newJob} the part starts again with a new
   * job (its job failed, or its cursor or job is gone); otherwise the same step is tried again.
   */
  WindowProgress afterFailure(int index, boolean newJob) {
    Part part = parts.get(index);
    Part next = new Part(part.interval(), newJob ? null : part.jobId(),
        newJob ? null : part.cursor(), part.failedAttempts() + 1,
        part.newJobs() + (newJob && part.jobId() != null ? 1 : 0), part.byQuery());
    return withParts(replacing(index, List.of(next)));
  }

  /**
   * Window {@code windowId} failed every attempt: it gets no manifest, and the parts that lie
   * within it are not read.
   */
  WindowProgress failWindow(String windowId) {
    Interval window = Interval.parse(windowId);
    List<Part> next = new ArrayList<>();
    for (Part part : parts) {
      Interval range = part.range();
      if (range.start().isBefore(window.start()) || range.end().isAfter(window.end())) {
        next.add(part);
      }
    }
    List<String> failed = new ArrayList<>(failedWindowIds);
    failed.add(windowId);
    return new WindowProgress(windowIds, next, windowConversations, failed, pages, jobIds,
        dataAvailabilityMs, partsRead, true);
  }

  /**
   * The ledger's manifests once the span is read: one per window that did not fail, with its own
   * conversations; pages, job ids and parts are the span's, shared by its windows.
   */
  List<WindowManifest> manifests(GenesysIO.Mode mode) {
    List<WindowManifest> manifests = new ArrayList<>();
    String jobs = jobIds.isEmpty() ? null : String.join(",", jobIds);
    for (int w = 0; w < windowIds.size(); w++) {
      if (!failedWindowIds.contains(windowIds.get(w))) {
        manifests.add(WindowManifest.create(windowIds.get(w), pages,
            windowConversations.get(w), jobs, dataAvailabilityMs, mode.name(), partsRead));
      }
    }
    return manifests;
  }

  /** The restriction coder: explicit fields, so that a checkpoint survives any runner. */
  static final class Coder extends CustomCoder<WindowProgress> {
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final NullableCoder<String> OPTIONAL_STRING = NullableCoder.of(STRING);
    private static final ListCoder<String> STRINGS = ListCoder.of(STRING);
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final ListCoder<Long> LONGS = ListCoder.of(LONG);
    private static final NullableCoder<Long> OPTIONAL_LONG = NullableCoder.of(LONG);
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final BooleanCoder BOOLEAN = BooleanCoder.of();

    static final Coder INSTANCE = new Coder();

    @Override
    public void encode(WindowProgress value, OutputStream out) throws IOException {
      STRINGS.encode(value.windowIds(), out);
      INT.encode(value.parts().size(), out);
      for (Part part : value.parts()) {
        STRING.encode(part.interval(), out);
        OPTIONAL_STRING.encode(part.jobId(), out);
        OPTIONAL_STRING.encode(part.cursor(), out);
        INT.encode(part.failedAttempts(), out);
        INT.encode(part.newJobs(), out);
        BOOLEAN.encode(part.byQuery(), out);
      }
      LONGS.encode(value.windowConversations(), out);
      STRINGS.encode(value.failedWindowIds(), out);
      LONG.encode(value.pages(), out);
      STRINGS.encode(value.jobIds(), out);
      OPTIONAL_LONG.encode(value.dataAvailabilityMs(), out);
      INT.encode(value.partsRead(), out);
      BOOLEAN.encode(value.sized(), out);
    }

    @Override
    public WindowProgress decode(InputStream in) throws IOException {
      List<String> windowIds = STRINGS.decode(in);
      int count = INT.decode(in);
      List<Part> parts = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        parts.add(new Part(STRING.decode(in), OPTIONAL_STRING.decode(in),
            OPTIONAL_STRING.decode(in), INT.decode(in), INT.decode(in), BOOLEAN.decode(in)));
      }
      return new WindowProgress(windowIds, parts, LONGS.decode(in), STRINGS.decode(in),
          LONG.decode(in), STRINGS.decode(in), OPTIONAL_LONG.decode(in), INT.decode(in),
          BOOLEAN.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
