package io.gckpi.genesys;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A window that still failed after every attempt; the other windows went on without it. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class FailedWindow implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getWindowId();

  @SchemaFieldNumber("1")
  public abstract String getError();

  @SchemaFieldNumber("2")
  public abstract int getAttempts();

  /** Genesys' ININ-Correlation-Id of the last failed call, for a support ticket. */
  @SchemaFieldNumber("3")
  public abstract @Nullable String getCorrelationId();

  public static FailedWindow create(
      String windowId, String error, int attempts, @Nullable String correlationId) {
    return new AutoValue_FailedWindow(windowId, error, attempts, correlationId);
  }
}
