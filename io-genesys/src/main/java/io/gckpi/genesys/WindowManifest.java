package io.gckpi.genesys;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/** What reading one planned window took and gave: for the extraction ledger. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class WindowManifest implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getWindowId();

  @SchemaFieldNumber("1")
  public abstract long getPages();

  /** Conversations that start in the window (before de-duplication across windows). */
  @SchemaFieldNumber("2")
  public abstract long getConversations();

  /** Detail job ids, comma separated when the window was read in parts; null in query mode. */
  @SchemaFieldNumber("3")
  public abstract @Nullable String getJobId();

  @SchemaFieldNumber("4")
  public abstract @Nullable Long getDataAvailabilityMs();

  @SchemaFieldNumber("5")
  public abstract String getMode();

  /** How many parts the window was read in (1 unless it hit a result cap). */
  @SchemaFieldNumber("6")
  public abstract int getSubWindows();

  public static WindowManifest create(
      String windowId,
      long pages,
      long conversations,
      @Nullable String jobId,
      @Nullable Long dataAvailabilityMs,
      String mode,
      int subWindows) {
    return new AutoValue_WindowManifest(
        windowId, pages, conversations, jobId, dataAvailabilityMs, mode, subWindows);
  }
}
