package io.gckpi.pipeline.detail;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A row of {@code segments} (AnalyticsConversationSegment), keyed by (sessionId, ordinal): the
 * segment's position in its session's time order, counted from 0. Genesys gives segments no id
 * of their own, and may drop, merge or reorder them when it reprocesses a conversation, so the
 * rows of a conversation are replaced together (by conversationId) whenever it is read again.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class SegmentRow implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getSessionId();

  @SchemaFieldNumber("1")
  public abstract int getOrdinal();

  @SchemaFieldNumber("2")
  public abstract String getConversationId();

  /** interact, hold, wrapup, alert, ...; {@code unknown} for a value Genesys adds. */
  @SchemaFieldNumber("3")
  public abstract String getSegmentType();

  @SchemaFieldNumber("4")
  public abstract @Nullable Instant getSegmentStart();

  /** Absent while the segment is still going on. */
  @SchemaFieldNumber("5")
  public abstract @Nullable Instant getSegmentEnd();

  /**
   * segmentEnd - segmentStart in milliseconds, as recorded (negative only in a record the
   * timeline rules hold malformed); absent when either is.
   */
  @SchemaFieldNumber("6")
  public abstract @Nullable Long getDurationMs();

  @SchemaFieldNumber("7")
  public abstract @Nullable String getQueueId();

  @SchemaFieldNumber("8")
  public abstract @Nullable String getWrapUpCode();

  @SchemaFieldNumber("9")
  public abstract @Nullable String getDisconnectType();

  @SchemaFieldNumber("10")
  public abstract boolean getConference();

  @SchemaFieldNumber("11")
  public abstract List<String> getRequestedRoutingSkillIds();

  public static SegmentRow create(
      String sessionId,
      int ordinal,
      String conversationId,
      String segmentType,
      @Nullable Instant segmentStart,
      @Nullable Instant segmentEnd,
      @Nullable Long durationMs,
      @Nullable String queueId,
      @Nullable String wrapUpCode,
      @Nullable String disconnectType,
      boolean conference,
      List<String> requestedRoutingSkillIds) {
    return new AutoValue_SegmentRow(
        sessionId, ordinal, conversationId, segmentType, segmentStart, segmentEnd, durationMs,
        queueId, wrapUpCode, disconnectType, conference, requestedRoutingSkillIds);
  }
}
