package io.gckpi.pipeline.ledger;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One row of the extraction ledger ({@code extraction_windows}). */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class LedgerEntry implements Serializable {
  public static final String FAILED = "failed";

  @SchemaFieldNumber("0")
  public abstract String getWindowId();

  @SchemaFieldNumber("1")
  public abstract String getWindowStart();

  @SchemaFieldNumber("2")
  public abstract String getWindowEnd();

  /** {@code complete}, {@code needs_reprocess} (reconciliation breach) or {@code failed}. */
  @SchemaFieldNumber("3")
  public abstract String getStatus();

  @SchemaFieldNumber("4")
  public abstract long getConversations();

  @SchemaFieldNumber("5")
  public abstract long getPages();

  @SchemaFieldNumber("6")
  public abstract @Nullable String getJobId();

  @SchemaFieldNumber("7")
  public abstract @Nullable Long getDataAvailabilityMs();

  @SchemaFieldNumber("8")
  public abstract @Nullable String getMode();

  public static LedgerEntry create(
      String windowId,
      String windowStart,
      String windowEnd,
      String status,
      long conversations,
      long pages,
      @Nullable String jobId,
      @Nullable Long dataAvailabilityMs,
      @Nullable String mode) {
    return new AutoValue_LedgerEntry(
        windowId, windowStart, windowEnd, status, conversations, pages, jobId,
        dataAvailabilityMs, mode);
  }
}
