package io.gckpi.pipeline.detail;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A row of {@code session_metrics} (AnalyticsSessionMetric), keyed by (sessionId, ordinal): the
 * metric's position in its session's metrics ordered by emit date, name and value. A session
 * carries some metrics more than once (tTalk and tHeld per segment), so the name alone is no key.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class SessionMetricRow implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getSessionId();

  @SchemaFieldNumber("1")
  public abstract int getOrdinal();

  @SchemaFieldNumber("2")
  public abstract String getConversationId();

  /** tTalk, tHandle, nOffered, ...: milliseconds for t* metrics, counts for n*. */
  @SchemaFieldNumber("3")
  public abstract String getName();

  @SchemaFieldNumber("4")
  public abstract long getValue();

  @SchemaFieldNumber("5")
  public abstract @Nullable Instant getEmitDate();

  public static SessionMetricRow create(
      String sessionId,
      int ordinal,
      String conversationId,
      String name,
      long value,
      @Nullable Instant emitDate) {
    return new AutoValue_SessionMetricRow(
        sessionId, ordinal, conversationId, name, value, emitDate);
  }
}
