package io.gckpi.genesys;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.client.ConversationKeys;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One conversation as the API returned it, byte for byte, with the extraction window it belongs
 * to (the window holding its conversationStart). The raw text is what gets staged; parsing
 * happens downstream, so a record gckpi cannot read is dead-lettered there instead of lost here.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class RawConversation implements Serializable {
  /** "" when the record has none (it will be dead-lettered). */
  @SchemaFieldNumber("0")
  public abstract String getConversationId();

  @SchemaFieldNumber("1")
  public abstract String getRawJson();

  /** The planned window, as {@link Interval#toString()}, even when it was read in parts. */
  @SchemaFieldNumber("2")
  public abstract String getWindowId();

  /** Window start when the record's own conversationStart is unreadable. */
  @SchemaFieldNumber("3")
  public abstract long getConversationStartMs();

  @SchemaFieldNumber("4")
  public abstract @Nullable Long getConversationEndMs();

  @SchemaFieldNumber("5")
  public abstract long getExtractedAtMs();

  /**
   * A record given as text outside any extraction (staged or exported NDJSON): its id, start and
   * end read with the streaming parser ({@link ConversationKeys}), "" for an id it lacks, 0 for a
   * start it lacks, no window and no fetch time.
   */
  public static RawConversation ofText(String json) {
    ConversationKeys keys = ConversationKeys.of(json);
    return create(
        keys.conversationId() == null ? "" : keys.conversationId(),
        json,
        "",
        keys.conversationStart() == null ? 0 : keys.conversationStart().toEpochMilli(),
        keys.conversationEnd() == null ? null : keys.conversationEnd().toEpochMilli(),
        0);
  }

  public static RawConversation create(
      String conversationId,
      String rawJson,
      String windowId,
      long conversationStartMs,
      @Nullable Long conversationEndMs,
      long extractedAtMs) {
    return new AutoValue_RawConversation(
        conversationId, rawJson, windowId, conversationStartMs, conversationEndMs, extractedAtMs);
  }
}
