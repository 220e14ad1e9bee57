package io.gckpi.genesys.model;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A participant: customer, acd, agent, ivr, ... with its sessions. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class Participant implements Serializable {
  public abstract @Nullable String getParticipantId();

  public abstract @Nullable String getParticipantName();

  public abstract String getPurpose();

  public abstract @Nullable String getUserId();

  public abstract @Nullable String getExternalContactId();

  public abstract List<Session> getSessions();

  public static Builder builder() {
    return new AutoValue_Participant.Builder().setSessions(List.of());
  }

  public abstract Builder toBuilder();

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setParticipantId(@Nullable String value);

    public abstract Builder setParticipantName(@Nullable String value);

    public abstract Builder setPurpose(String value);

    public abstract Builder setUserId(@Nullable String value);

    public abstract Builder setExternalContactId(@Nullable String value);

    public abstract Builder setSessions(List<Session> value);

    public abstract Participant build();
  }
}
