package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * How many interaction rows of one extraction window carry an excluded reason, by reason: counted
 * per window so that re-reading a window replaces its own counts.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class FilteredCount implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getWindowId();

  @SchemaFieldNumber("1")
  public abstract String getReason();

  @SchemaFieldNumber("2")
  public abstract long getCount();

  public static FilteredCount create(String windowId, String reason, long count) {
    return new AutoValue_FilteredCount(windowId, reason, count);
  }

  /** The (window, reason) a count is of. */
  public String key() {
    return getWindowId() + '\u0001' + getReason();
  }

  /** The two counts of one (window, reason) together. */
  public FilteredCount plus(FilteredCount o) {
    return create(getWindowId(), getReason(), getCount() + o.getCount());
  }
}
