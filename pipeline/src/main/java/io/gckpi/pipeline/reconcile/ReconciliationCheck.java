package io.gckpi.pipeline.reconcile;

import io.gckpi.genesys.Interval;
import io.gckpi.genesys.model.ConversationJson;
import java.io.Serializable;

/**
 * Decides whether one cell's extracted count agrees with the aggregates API.
 *
 * <p>A cell breaches when |extracted - api| exceeds {@code tolerance x api}. One asymmetry is
 * allowed: in the FIRST bucket of the interval the API also counts conversations that started
 * before the interval and were offered after its start (the API buckets by emit time, extraction
 * by conversation start), so there an API excess is expected and only an extracted excess counts.
 * Emits after the interval's end are left out of the extracted side for the same reason.
 * {@code variance} is of the extracted count alone; the breach decision adds what malformed
 * records explain.
 */
public final class ReconciliationCheck implements Serializable {
  private final Interval interval;
  private final double tolerance;

  public ReconciliationCheck(Interval interval, double tolerance) {
    if (tolerance < 0 || tolerance >= 1) {
      throw new IllegalArgumentException(
          "--reconcileTolerance must be a fraction in [0, 1), e.g. 0.005; got: " + tolerance);
    }
    this.interval = interval;
    this.tolerance = tolerance;
  }

  /** Whether a bucket is compared at all: only those that start inside the interval. */
  public boolean covers(OfferedBucket bucket) {
    return bucket.getBucketStartMs() >= interval.start().toEpochMilli()
        && bucket.getBucketStartMs() < interval.end().toEpochMilli();
  }

  public ReconciliationRow compare(OfferedBucket bucket, long extracted, long api) {
    return compare(bucket, extracted, api, 0);
  }

  /**
   * @param explainedByMalformed offers of malformed records put down to this cell: they count
   *     with the extracted side, since Genesys counts them and the tables hold them as malformed
   */
  public ReconciliationRow compare(
      OfferedBucket bucket, long extracted, long api, long explainedByMalformed) {
    long rowsDifference = extracted - api;
    double variance = api == 0 ? rowsDifference : (double) rowsDifference / api;
    long difference = rowsDifference + explainedByMalformed;
    boolean firstBucket =
        bucket.getBucketStartMs()
            == Math.floorDiv(interval.start().toEpochMilli(), OfferedBucket.BUCKET_MS)
                * OfferedBucket.BUCKET_MS;
    long counted = firstBucket ? Math.max(0, difference) : Math.abs(difference);
    boolean breached = counted > tolerance * api;
    return ReconciliationRow.of(
        ConversationJson.formatTimestamp(bucket.getBucketStartMs()),
        bucket.getQueueId(),
        bucket.getMediaType(),
        extracted,
        api,
        variance,
        breached,
        explainedByMalformed);
  }
}
