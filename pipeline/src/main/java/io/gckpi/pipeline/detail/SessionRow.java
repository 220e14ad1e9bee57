package io.gckpi.pipeline.detail;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of {@code sessions}, keyed by Genesys' sessionId (AnalyticsSession). */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class SessionRow implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getSessionId();

  @SchemaFieldNumber("1")
  public abstract String getParticipantId();

  @SchemaFieldNumber("2")
  public abstract String getConversationId();

  @SchemaFieldNumber("3")
  public abstract String getMediaType();

  @SchemaFieldNumber("4")
  public abstract @Nullable String getDirection();

  /** The caller's number; a keyed hash with {@code --hashAddresses}. */
  @SchemaFieldNumber("5")
  public abstract @Nullable String getAni();

  /** The number dialled; a keyed hash with {@code --hashAddresses}. */
  @SchemaFieldNumber("6")
  public abstract @Nullable String getDnis();

  /** The session this one is paired with (Genesys' peerId). */
  @SchemaFieldNumber("7")
  public abstract @Nullable String getPeerId();

  @SchemaFieldNumber("8")
  public abstract @Nullable String getProvider();

  public static SessionRow create(
      String sessionId,
      String participantId,
      String conversationId,
      String mediaType,
      @Nullable String direction,
      @Nullable String ani,
      @Nullable String dnis,
      @Nullable String peerId,
      @Nullable String provider) {
    return new AutoValue_SessionRow(
        sessionId, participantId, conversationId, mediaType, direction, ani, dnis, peerId,
        provider);
  }
}
