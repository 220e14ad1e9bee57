package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * One interaction a filter left out, and why. Kept per interaction (not only as a count) so that a
 * sink can count exclusions per extraction window and re-running a window replaces its counts.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class FilteredInteraction implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getConversationId();

  @SchemaFieldNumber("1")
  public abstract long getConversationStartMs();

  @SchemaFieldNumber("2")
  public abstract String getReason();

  public static FilteredInteraction create(String conversationId, long startMs, String reason) {
    return new AutoValue_FilteredInteraction(conversationId, startMs, reason);
  }
}
