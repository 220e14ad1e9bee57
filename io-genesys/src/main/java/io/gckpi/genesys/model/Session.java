package io.gckpi.genesys.model;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A participant's session: one media leg with its segments and metrics. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class Session implements Serializable {
  public abstract @Nullable String getSessionId();

  public abstract String getMediaType();

  public abstract @Nullable String getDirection();

  public abstract @Nullable String getAni();

  public abstract @Nullable String getDnis();

  public abstract @Nullable String getPeerId();

  /** The source provider of the communication (Genesys' {@code provider}, e.g. Edge). */
  public abstract @Nullable String getProvider();

  public abstract @Nullable String getSelectedAgentId();

  public abstract List<String> getRequestedRoutings();

  public abstract List<SessionMetric> getMetrics();

  public abstract List<Segment> getSegments();

  public static Builder builder() {
    return new AutoValue_Session.Builder()
        .setRequestedRoutings(List.of())
        .setMetrics(List.of())
        .setSegments(List.of());
  }

  public abstract Builder toBuilder();

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSessionId(@Nullable String value);

    public abstract Builder setMediaType(String value);

    public abstract Builder setDirection(@Nullable String value);

    public abstract Builder setAni(@Nullable String value);

    public abstract Builder setDnis(@Nullable String value);

    public abstract Builder setPeerId(@Nullable String value);

    public abstract Builder setProvider(@Nullable String value);

    public abstract Builder setSelectedAgentId(@Nullable String value);

    public abstract Builder setRequestedRoutings(List<String> value);

    public abstract Builder setMetrics(List<SessionMetric> value);

    public abstract Builder setSegments(List<Segment> value);

    public abstract Session build();
  }
}
