package io.gckpi.pipeline.reconcile;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * One reconciliation cell: what the run extracted against what the aggregates API reports, for a
 * 30-minute bucket (by emit time), queue and media type. {@code variance} is (extracted - api) /
 * api (or the raw difference when api is 0). {@code explainedByMalformed} is the part of an API
 * excess put down to malformed records: Genesys counts them, the tables hold them only as
 * malformed_interactions rows, so the run's malformed records may explain as many missing offers
 * as there are of them, and no more.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class ReconciliationRow implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getBucketStart();

  @SchemaFieldNumber("1")
  public abstract String getQueueId();

  @SchemaFieldNumber("2")
  public abstract String getMediaType();

  @SchemaFieldNumber("3")
  public abstract long getExtractedOffered();

  @SchemaFieldNumber("4")
  public abstract long getApiOffered();

  @SchemaFieldNumber("5")
  public abstract double getVariance();

  @SchemaFieldNumber("6")
  public abstract boolean getBreached();

  @SchemaFieldNumber("7")
  public abstract long getExplainedByMalformed();

  public static ReconciliationRow of(
      String bucketStart,
      String queueId,
      String mediaType,
      long extracted,
      long api,
      double variance,
      boolean breached,
      long explainedByMalformed) {
    return new AutoValue_ReconciliationRow(
        bucketStart, queueId, mediaType, extracted, api, variance, breached,
        explainedByMalformed);
  }
}
