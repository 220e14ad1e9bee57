package io.gckpi.pipeline.reconcile;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import io.gckpi.transforms.TimelineBuilder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A reconciliation cell: one 30-minute bucket (by emit time), queue and media type. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class OfferedBucket implements Serializable {
  public static final long BUCKET_MS = 30 * 60 * 1000L;

  @SchemaFieldNumber("0")
  public abstract long getBucketStartMs();

  @SchemaFieldNumber("1")
  public abstract String getQueueId();

  @SchemaFieldNumber("2")
  public abstract String getMediaType();

  /**
   * The cells of an interaction row's offered queue legs ({@code queueId@mediaType@epochMs},
   * {@link io.gckpi.transforms.InteractionKpis#getOfferedQueueLegs}): one per leg.
   */
  public static List<OfferedBucket> ofLegs(@Nullable Iterable<String> legs) {
    List<OfferedBucket> buckets = new ArrayList<>();
    if (legs == null) {
      return buckets;
    }
    for (String leg : legs) {
      int last = leg.lastIndexOf(TimelineBuilder.QUEUE_LEG_SEPARATOR);
      int first = leg.lastIndexOf(TimelineBuilder.QUEUE_LEG_SEPARATOR, last - 1);
      buckets.add(
          of(Long.parseLong(leg.substring(last + 1)), leg.substring(0, first),
              leg.substring(first + 1, last)));
    }
    return buckets;
  }

  /** This cell as a queue leg of its bucket's start, which {@link #ofLegs} reads back. */
  public String asLeg() {
    return getQueueId() + TimelineBuilder.QUEUE_LEG_SEPARATOR + getMediaType()
        + TimelineBuilder.QUEUE_LEG_SEPARATOR + getBucketStartMs();
  }

  public static OfferedBucket of(long emitMs, String queueId, String mediaType) {
    return new AutoValue_OfferedBucket(Math.floorDiv(emitMs, BUCKET_MS) * BUCKET_MS, queueId, mediaType);
  }
}
