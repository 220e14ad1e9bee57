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
 * Sizes the reads of a window up front from Genesys' own conversation counts, so that a busy
 * window is read in parts that each stay under a target instead of discovering the result cap the
 * hard way (a refused job costs a submit, a wait and a poll cycle before the halves start).
 *
 * <p>The counts are the aggregates API's {@code nConversations} per 30 minutes over the window.
 * Genesys counts a conversation when it starts, and a part keeps exactly the conversations that
 * start in it, so the counts predict each part's output. Consecutive half hours are merged while
 * their sum stays at or under the target; a half hour over the target on its own is cut into
 * {@code ceil(count / target)} equal pieces (at least one minute each). A quiet window stays one
 * part. The counts are an estimate (they ignore the read's filters, which only make parts
 * smaller, and a job also returns conversations that started earlier and overlap it), so the
 * result-cap split still stands behind every part.
 */
final class PartPlanner {
  static final Duration BUCKET = Duration.ofMinutes(30);
  static final String METRIC = "nConversations";
  private static final Duration MIN_PIECE = Duration.ofMinutes(1);

  private PartPlanner() {}

  /** Whether a window of this length can be sized: whole half hours, at least two of them. */
  static boolean sizable(Duration length) {
    return length.compareTo(BUCKET.multipliedBy(2)) >= 0
        && length.toMillis() % BUCKET.toMillis() == 0;
  }

  /** Asks Genesys for the window's conversation counts and plans its parts. */
  static List<Interval> plan(GenesysApi api, Interval window, long target) {
    List<AggregateRow> rows =
        api.queryAggregates(
            new AggregatesQuery(window, BUCKET.toString(), null, null, List.of(METRIC), null));
    Map<Instant, Long> counts = new TreeMap<>();
    for (AggregateRow row : rows) {
      if (METRIC.equals(row.metric()) && row.count() != null) {
        counts.merge(row.interval().start(), row.count().longValue(), Long::sum);
      }
    }
    return plan(window, counts, target);
  }

  /**
   * The parts of {@code window} given the conversations starting in each half hour (keyed by the
   * half hour's start; a missing half hour had none). Contiguous, in order, covering the window.
   */
  static List<Interval> plan(Interval window, Map<Instant, Long> countsByBucket, long target) {
    List<Interval> parts = new ArrayList<>();
    Instant partStart = window.start();
    long partCount = 0;
    for (Interval bucket : window.split(BUCKET)) {
      long count = countsByBucket.getOrDefault(bucket.start(), 0L);
      if (partCount + count > target && partCount > 0) {
        parts.add(new Interval(partStart, bucket.start()));
        partStart = bucket.start();
        partCount = 0;
      }
      if (count > target) {
        long pieces = Math.min((count + target - 1) / target, BUCKET.dividedBy(MIN_PIECE));
        long pieceMillis = (BUCKET.toMillis() + pieces - 1) / pieces;
        parts.addAll(bucket.split(Duration.ofMillis(pieceMillis)));
        partStart = bucket.end();
      } else {
        partCount += count;
      }
    }
    if (partStart.isBefore(window.end())) {
      parts.add(new Interval(partStart, window.end()));
    }
    return parts;
  }
}
