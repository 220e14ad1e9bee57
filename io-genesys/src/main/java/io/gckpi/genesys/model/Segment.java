package io.gckpi.genesys.model;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One segment of a session, as Genesys records it. Times are epoch milliseconds (UTC). Enum-like
 * fields hold the Genesys value when it is one this project knows and {@code "unknown"} otherwise,
 * so that a value Genesys adds later never breaks a run.
 *
 * <p>{@code segmentStartMs} is nullable on purpose: a segment without a start is malformed, and the
 * timeline validation must see it to say so.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class Segment implements Serializable {
  public abstract @Nullable Long getSegmentStartMs();

  public abstract @Nullable Long getSegmentEndMs();

  public abstract String getSegmentType();

  public abstract @Nullable String getQueueId();

  public abstract @Nullable String getWrapUpCode();

  public abstract @Nullable String getDisconnectType();

  public abstract boolean getConference();

  public abstract List<String> getRequestedRoutingSkillIds();

  public static Builder builder() {
    return new AutoValue_Segment.Builder()
        .setConference(false)
        .setRequestedRoutingSkillIds(List.of());
  }

  public abstract Builder toBuilder();

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSegmentStartMs(@Nullable Long value);

    public abstract Builder setSegmentEndMs(@Nullable Long value);

    public abstract Builder setSegmentType(String value);

    public abstract Builder setQueueId(@Nullable String value);

    public abstract Builder setWrapUpCode(@Nullable String value);

    public abstract Builder setDisconnectType(@Nullable String value);

    public abstract Builder setConference(boolean value);

    public abstract Builder setRequestedRoutingSkillIds(List<String> value);

    public abstract Segment build();
  }
}
