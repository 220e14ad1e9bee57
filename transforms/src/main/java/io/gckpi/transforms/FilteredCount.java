package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/** How many interactions a filter left out, by reason. */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class FilteredCount implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getReason();

  @SchemaFieldNumber("1")
  public abstract long getCount();

  public static FilteredCount create(String reason, long count) {
    return new AutoValue_FilteredCount(reason, count);
  }
}
