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
 * A Genesys Cloud conversation detail record, typed. Built from raw JSON by {@link
 * ConversationJson#parse}; the raw text travels beside it where it must be staged or replayed.
 *
 * <p>A conversation without {@code conversationEndMs} is still active (open): it is kept, never
 * treated as malformed.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(ConversationCoder.class)
public abstract class Conversation implements Serializable {
  public abstract String getConversationId();

  public abstract long getConversationStartMs();

  public abstract @Nullable Long getConversationEndMs();

  public abstract @Nullable String getOriginatingDirection();

  public abstract List<String> getDivisionIds();

  /** The tag an external system set on the conversation (Genesys' {@code externalTag}). */
  public abstract @Nullable String getExternalTag();

  public abstract List<Participant> getParticipants();

  /**
   * This conversation as {@link ConversationCoder} writes it, kept once written or read: a
   * conversation handed to several consumers is encoded once, however many times it is sent.
   * Not part of its value (AutoValue's equals and hashCode ignore it); the model is immutable, so
   * the bytes never go stale.
   */
  private transient volatile byte @Nullable [] encoding;

  byte @Nullable [] encoding() {
    return encoding;
  }

  void encoding(byte[] bytes) {
    encoding = bytes;
  }

  public boolean isOpen() {
    return getConversationEndMs() == null;
  }

  public static Builder builder() {
    return new AutoValue_Conversation.Builder()
        .setDivisionIds(List.of())
        .setParticipants(List.of());
  }

  public abstract Builder toBuilder();

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setConversationId(String value);

    public abstract Builder setConversationStartMs(long value);

    public abstract Builder setConversationEndMs(@Nullable Long value);

    public abstract Builder setOriginatingDirection(@Nullable String value);

    public abstract Builder setDivisionIds(List<String> value);

    public abstract Builder setExternalTag(@Nullable String value);

    public abstract Builder setParticipants(List<Participant> value);

    public abstract Conversation build();
  }
}
