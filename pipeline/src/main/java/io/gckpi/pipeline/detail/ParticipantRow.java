package io.gckpi.pipeline.detail;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A row of {@code participants}, keyed by Genesys' participantId (AnalyticsParticipant). */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class ParticipantRow implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getParticipantId();

  @SchemaFieldNumber("1")
  public abstract String getConversationId();

  /** customer, external, acd, agent, user, ivr, ...; {@code unknown} for a value Genesys adds. */
  @SchemaFieldNumber("2")
  public abstract String getPurpose();

  @SchemaFieldNumber("3")
  public abstract @Nullable String getUserId();

  @SchemaFieldNumber("4")
  public abstract @Nullable String getExternalContactId();

  /** A keyed hash with {@code --hashAddresses}. */
  @SchemaFieldNumber("5")
  public abstract @Nullable String getParticipantName();

  public static ParticipantRow create(
      String participantId,
      String conversationId,
      String purpose,
      @Nullable String userId,
      @Nullable String externalContactId,
      @Nullable String participantName) {
    return new AutoValue_ParticipantRow(
        participantId, conversationId, purpose, userId, externalContactId, participantName);
  }
}
