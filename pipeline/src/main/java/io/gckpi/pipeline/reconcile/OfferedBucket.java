package io.gckpi.pipeline.reconcile;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

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

  public static OfferedBucket of(long emitMs, String queueId, String mediaType) {
    return new AutoValue_OfferedBucket(Math.floorDiv(emitMs, BUCKET_MS) * BUCKET_MS, queueId, mediaType);
  }
}
