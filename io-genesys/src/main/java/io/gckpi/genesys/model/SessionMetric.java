package io.gckpi.genesys.model;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A session metric (tTalk, tHandle, nOffered, ...): milliseconds for t* metrics, counts for n*. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class SessionMetric implements Serializable {
  public abstract String getName();

  public abstract long getValue();

  public abstract @Nullable Long getEmitDateMs();

  public static SessionMetric of(String name, long value, @Nullable Long emitDateMs) {
    return new AutoValue_SessionMetric(name, value, emitDateMs);
  }
}
