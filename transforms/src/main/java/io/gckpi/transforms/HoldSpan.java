package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import java.util.Comparator;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One agent hold segment, with what {@link ClassifyHolds} needs to call it customer or system
 * hold: the media of its session and whether the agent was in a conference.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class HoldSpan implements Serializable {
  /** Canonical order, so that a timeline does not depend on the order of segment arrays. */
  static final Comparator<HoldSpan> ORDER =
      Comparator.comparing(HoldSpan::getMediaType, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(HoldSpan::getConference)
          .thenComparingLong(HoldSpan::getDurationMs);

  @SchemaFieldNumber("0")
  public abstract @Nullable String getMediaType();

  @SchemaFieldNumber("1")
  public abstract boolean getConference();

  @SchemaFieldNumber("2")
  public abstract long getDurationMs();

  public static HoldSpan of(String mediaType, boolean conference, long durationMs) {
    return new AutoValue_HoldSpan(mediaType, conference, durationMs);
  }
}
