package io.gckpi.genesys;

import io.gckpi.genesys.client.GenesysApi;
import io.gckpi.genesys.client.GenesysApi.AggregateRow;
import io.gckpi.genesys.client.GenesysApi.AggregatesQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plans the parts of a span (or window) up front from Genesys' own conversation counts: parts of
 * equal shares of its conversations, so that the cursors paged side by side end together, and
 * none over a size limit, so that a busy span is read in parts that stay under the result cap
 * instead of discovering it the hard way (a refused job costs a submit, a wait and a poll cycle
 * before the halves start).
 *
 * <p>Why equal shares and not equal lengths of time: a contact centre's day is busy in its
 * working hours, so a day cut into three eight-hour parts puts most of its conversations in the
 * middle one, and once the quiet parts are read one cursor pages alone. A cursor is sequential, so
 * every Retry-After and every backoff of that cursor then idles the rate limit.
 *
 * <p>The counts are the aggregates API's {@code nConversations} per 30 minutes over the span.
 * Genesys counts a conversation when it starts, and a part keeps exactly the conversations that
 * start in it, so the counts predict each part's output. The number of parts is the side-by-side
 * count asked for, fewer when the span has under {@link #MIN_PAGES_PER_PART} pages for each (a
 * part costs a submit, polls, a delete and a partial last page besides its pages, which a short
 * part does not win back), and more when the size limit needs them. Parts are cut at the half-hour
 * boundaries nearest to equal shares; a half hour over the limit on its own is cut into {@code
 * ceil(count / limit)} equal pieces (at least one minute each). The counts are an estimate (they
 * ignore the read's filters, which only make parts smaller, and a job also returns conversations
 * that started earlier and overlap it), so the result-cap split still stands behind every part.
 */
final class PartPlanner {
  static final Duration BUCKET = Duration.ofMinutes(30);
  static final String METRIC = "nConversations";
  /** Fewest pages a part side by side is worth: see the class comment. */
  static final int MIN_PAGES_PER_PART = 10;
  private static final Duration MIN_PIECE = Duration.ofMinutes(1);

  /**
   * What a plan aims at: at most {@code maxPerPart} conversations a part ({@link Long#MAX_VALUE}:
   * no limit), {@code sideBySide} parts where the span is large enough, pages of {@code pageSize}.
   */
  record Goal(long maxPerPart, int sideBySide, int pageSize) {
    Goal {
      if (maxPerPart < 1 || sideBySide < 1 || pageSize < 1) {
        throw new IllegalArgumentException("Part plan needs positive limits, got " + maxPerPart
            + " per part, " + sideBySide + " side by side, pages of " + pageSize);
      }
    }

    /** How many parts {@code total} conversations are read in. */
    long parts(long total) {
      long sideBySideParts =
          Math.min(sideBySide, Math.max(1, ceilDiv(total, (long) MIN_PAGES_PER_PART * pageSize)));
      return Math.max(sideBySideParts, ceilDiv(total, maxPerPart));
    }
  }

  private PartPlanner() {}

  /** Whether a window of this length can be sized: whole half hours, at least two of them. */
  static boolean sizable(Duration length) {
    return length.compareTo(BUCKET.multipliedBy(2)) >= 0
        && length.toMillis() % BUCKET.toMillis() == 0;
  }

  /** Asks Genesys for the span's conversation counts and plans its parts. */
  static List<Interval> plan(GenesysApi api, Interval span, Goal goal) {
    List<AggregateRow> rows =
        api.queryAggregates(
            new AggregatesQuery(span, BUCKET.toString(), null, null, List.of(METRIC), null));
    Map<Instant, Long> counts = new TreeMap<>();
    for (AggregateRow row : rows) {
      if (METRIC.equals(row.metric()) && row.count() != null) {
        counts.merge(row.interval().start(), row.count().longValue(), Long::sum);
      }
    }
    return plan(span, counts, goal);
  }

  /**
   * The parts of {@code span} given the conversations starting in each half hour (keyed by the
   * half hour's start; a missing half hour had none). Contiguous, in order, covering the span.
   * A part is cut before a half hour that holds conversations, when taking it in would put the
   * part past its share further than stopping short leaves it, or past the limit.
   */
  static List<Interval> plan(Interval span, Map<Instant, Long> countsByBucket, Goal goal) {
    List<Interval> buckets = span.split(BUCKET);
    long total = 0;
    for (Interval bucket : buckets) {
      total += countsByBucket.getOrDefault(bucket.start(), 0L);
    }
    long parts = goal.parts(total);
    long limit = goal.maxPerPart();
    List<Interval> out = new ArrayList<>();
    Instant partStart = span.start();
    long before = 0;
    long partCount = 0;
    for (Interval bucket : buckets) {
      long count = countsByBucket.getOrDefault(bucket.start(), 0L);
      if (count == 0) {
        continue;
      }
      if (count > limit) {
        if (partCount > 0) {
          out.add(new Interval(partStart, bucket.start()));
        }
        long pieces = Math.min(ceilDiv(count, limit), BUCKET.dividedBy(MIN_PIECE));
        long pieceMillis = (BUCKET.toMillis() + pieces - 1) / pieces;
        out.addAll(bucket.split(Duration.ofMillis(pieceMillis)));
        partStart = bucket.end();
        before += partCount + count;
        partCount = 0;
        continue;
      }
      if (partCount > 0) {
        long reached = before + partCount;
        double boundary = shareBoundary(before, total, parts);
        if (partCount + count > limit || reached + count - boundary > boundary - reached) {
          out.add(new Interval(partStart, bucket.start()));
          partStart = bucket.start();
          before = reached;
          partCount = 0;
        }
      }
      partCount += count;
    }
    if (partStart.isBefore(span.end())) {
      out.add(new Interval(partStart, span.end()));
    }
    return out;
  }

  /**
   * Where the part that starts after {@code before} of {@code total} conversations should end:
   * the next multiple of the share after the one nearest to its start.
   */
  private static double shareBoundary(long before, long total, long parts) {
    double share = (double) total / parts;
    long startShare = Math.round(before / share);
    return Math.min(total, (startShare + 1) * share);
  }

  private static long ceilDiv(long value, long divisor) {
    return value <= 0 ? 0 : 1 + (value - 1) / divisor;
  }
}
