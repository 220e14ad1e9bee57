package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * One interaction a filter left out, and why. Kept per interaction (not only as a count) so that a
 * sink can count exclusions per extraction window and re-running a window replaces its counts.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class FilteredInteraction implements Serializable {
  public abstract String getConversationId();

  public abstract long getConversationStartMs();

  public abstract String getReason();

  public static FilteredInteraction create(String conversationId, long startMs, String reason) {
    return new AutoValue_FilteredInteraction(conversationId, startMs, reason);
  }
}
