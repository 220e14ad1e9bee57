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
 * A row of {@code conversations}: one per conversation read, keyed by Genesys' conversationId.
 * Field names are Genesys' (AnalyticsConversation), columns their snake_case.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class ConversationRow implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getConversationId();

  @SchemaFieldNumber("1")
  public abstract Instant getConversationStart();

  /** Absent while the conversation is still going on. */
  @SchemaFieldNumber("2")
  public abstract @Nullable Instant getConversationEnd();

  /** {@code open} (no conversationEnd yet) or {@code closed}. */
  @SchemaFieldNumber("3")
  public abstract String getStatus();

  @SchemaFieldNumber("4")
  public abstract @Nullable String getOriginatingDirection();

  @SchemaFieldNumber("5")
  public abstract List<String> getDivisionIds();

  /** The caller's (else the first) session's media type, as in interaction_timelines. */
  @SchemaFieldNumber("6")
  public abstract String getMediaType();

  @SchemaFieldNumber("7")
  public abstract @Nullable String getExternalTag();

  public static ConversationRow create(
      String conversationId,
      Instant conversationStart,
      @Nullable Instant conversationEnd,
      String status,
      @Nullable String originatingDirection,
      List<String> divisionIds,
      String mediaType,
      @Nullable String externalTag) {
    return new AutoValue_ConversationRow(
        conversationId, conversationStart, conversationEnd, status, originatingDirection,
        divisionIds, mediaType, externalTag);
  }
}
