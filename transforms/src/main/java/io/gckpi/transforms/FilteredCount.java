package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** How many interactions a filter left out, by reason. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class FilteredCount implements Serializable {
  public abstract String getReason();

  public abstract long getCount();

  public static FilteredCount create(String reason, long count) {
    return new AutoValue_FilteredCount(reason, count);
  }
}
