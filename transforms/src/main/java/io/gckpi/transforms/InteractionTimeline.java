package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One conversation reduced to what the KPIs need, by the timeline rules: exact
 * milliseconds per activity, who handled it, where it queued, how it ended. Built by
 * {@link TimelineBuilder}; {@code status} is {@code open} while Genesys has no conversationEnd.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class InteractionTimeline implements Serializable {
  public static final String CLOSED = "closed";
  public static final String OPEN = "open";

  @SchemaFieldNumber("0")
  public abstract String getConversationId();

  @SchemaFieldNumber("1")
  public abstract long getConversationStartMs();

  @SchemaFieldNumber("2")
  public abstract @Nullable Long getConversationEndMs();

  @SchemaFieldNumber("3")
  public abstract String getStatus();

  @SchemaFieldNumber("4")
  public abstract String getMediaType();

  @SchemaFieldNumber("5")
  public abstract @Nullable String getOriginatingDirection();

  /** The queue of the last acd segment. */
  @SchemaFieldNumber("6")
  public abstract @Nullable String getQueueId();

  /** The queue of the first acd segment. */
  @SchemaFieldNumber("7")
  public abstract @Nullable String getEntryQueueId();

  /** The name of {@link #getQueueId}, when reference data was given. */
  @SchemaFieldNumber("8")
  public abstract @Nullable String getQueueName();

  /** Union of the skills requested on acd segments, sorted. */
  @SchemaFieldNumber("9")
  public abstract List<String> getSkillIds();

  /** The userId of the last handler (agent or user) with an interact. */
  @SchemaFieldNumber("10")
  public abstract @Nullable String getAgentId();

  /** Customer ani, else external contact id: the key of repeat-contact FCR. */
  @SchemaFieldNumber("11")
  public abstract @Nullable String getCustomerKey();

  @SchemaFieldNumber("12")
  public abstract long getQueueWaitMs();

  @SchemaFieldNumber("13")
  public abstract long getAgentTalkMs();

  @SchemaFieldNumber("14")
  public abstract long getCustomerHoldMs();

  /** Agent hold that is not the customer waiting (digital, conference) plus system segments. */
  @SchemaFieldNumber("15")
  public abstract long getSystemHoldMs();

  /** Every agent hold segment, as Genesys' tHandle counts it. */
  @SchemaFieldNumber("16")
  public abstract long getAgentHoldMs();

  @SchemaFieldNumber("17")
  public abstract long getWrapUpMs();

  @SchemaFieldNumber("18")
  public abstract long getDialingContactingMs();

  /**
   * Genesys' handle time (tHandle) over every handler session: talk + all hold + wrap-up +
   * dialing + contacting. The one place the formula lives; the KPIs and the check against
   * Genesys' own tHandle both use it.
   */
  public long handleTimeMs() {
    return getAgentTalkMs() + getAgentHoldMs() + getWrapUpMs() + getDialingContactingMs();
  }

  @SchemaFieldNumber("19")
  public abstract @Nullable String getWrapUpCode();

  /** The name of {@link #getWrapUpCode}, when reference data was given. */
  @SchemaFieldNumber("20")
  public abstract @Nullable String getWrapUpCodeName();

  @SchemaFieldNumber("21")
  public abstract int getTransfers();

  /** An acd leg exists: the conversation was offered to a queue. */
  @SchemaFieldNumber("22")
  public abstract boolean getOffered();

  @SchemaFieldNumber("23")
  public abstract boolean getAnswered();

  @SchemaFieldNumber("24")
  public abstract boolean getAbandoned();

  /** Genesys' tHandle summed over the handler sessions; null when the record carries none. */
  @SchemaFieldNumber("25")
  public abstract @Nullable Long getGenesysHandleMs();

  /**
   * Every agent hold, for {@link ClassifyHolds}; {@code customerHoldMs} and {@code systemHoldMs}
   * are its classification.
   */
  @SchemaFieldNumber("26")
  public abstract List<HoldSpan> getHolds();

  /**
   * Each queue wait (an acd interact segment) as epoch ms start, end, start, end..., in time
   * order: what {@link ApplyBusinessHours} intersects with opening hours.
   */
  @SchemaFieldNumber("27")
  public abstract List<Long> getQueueWaitSpansMs();

  /** Genesys' tAcd summed over the acd legs; null when the record carries none. */
  @SchemaFieldNumber("28")
  public abstract @Nullable Long getGenesysQueueWaitMs();

  /** Genesys' tTalkComplete summed over the handler sessions; null when none. */
  @SchemaFieldNumber("29")
  public abstract @Nullable Long getGenesysTalkMs();

  /** Genesys' tHeldComplete summed over the handler sessions; null when none. */
  @SchemaFieldNumber("30")
  public abstract @Nullable Long getGenesysHoldMs();

  /** Genesys' tAcw summed over the handler sessions; null when none. */
  @SchemaFieldNumber("31")
  public abstract @Nullable Long getGenesysWrapUpMs();

  /** Genesys' nTransferred summed over the handler sessions; null when none. */
  @SchemaFieldNumber("32")
  public abstract @Nullable Long getGenesysTransfers();

  /**
   * Each queue leg the conversation was offered on, {@code queueId@mediaType@epochMs}: where and
   * when Genesys emits nOffered, what reconciliation compares with the aggregates API.
   */
  @SchemaFieldNumber("33")
  public abstract List<String> getOfferedQueueLegs();

  /**
   * Why a filter keeps the conversation out of a KPI set ({@link InteractionFilter}), null when
   * none does: an internal queue leaves every set, the other reasons the handled set only.
   */
  @SchemaFieldNumber("34")
  public abstract @Nullable String getExcludedReason();

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_InteractionTimeline.Builder()
        .setHolds(List.of())
        .setQueueWaitSpansMs(List.of())
        .setOfferedQueueLegs(List.of());
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setConversationId(String value);

    public abstract Builder setConversationStartMs(long value);

    public abstract Builder setConversationEndMs(@Nullable Long value);

    public abstract Builder setStatus(String value);

    public abstract Builder setMediaType(String value);

    public abstract Builder setOriginatingDirection(@Nullable String value);

    public abstract Builder setQueueId(@Nullable String value);

    public abstract Builder setEntryQueueId(@Nullable String value);

    public abstract Builder setQueueName(@Nullable String value);

    public abstract Builder setSkillIds(List<String> value);

    public abstract Builder setAgentId(@Nullable String value);

    public abstract Builder setCustomerKey(@Nullable String value);

    public abstract Builder setQueueWaitMs(long value);

    public abstract Builder setAgentTalkMs(long value);

    public abstract Builder setCustomerHoldMs(long value);

    public abstract Builder setSystemHoldMs(long value);

    public abstract Builder setAgentHoldMs(long value);

    public abstract Builder setWrapUpMs(long value);

    public abstract Builder setDialingContactingMs(long value);

    public abstract Builder setWrapUpCode(@Nullable String value);

    public abstract Builder setWrapUpCodeName(@Nullable String value);

    public abstract Builder setTransfers(int value);

    public abstract Builder setOffered(boolean value);

    public abstract Builder setAnswered(boolean value);

    public abstract Builder setAbandoned(boolean value);

    public abstract Builder setGenesysHandleMs(@Nullable Long value);

    public abstract Builder setHolds(List<HoldSpan> value);

    public abstract Builder setQueueWaitSpansMs(List<Long> value);

    public abstract Builder setGenesysQueueWaitMs(@Nullable Long value);

    public abstract Builder setGenesysTalkMs(@Nullable Long value);

    public abstract Builder setGenesysHoldMs(@Nullable Long value);

    public abstract Builder setGenesysWrapUpMs(@Nullable Long value);

    public abstract Builder setGenesysTransfers(@Nullable Long value);

    public abstract Builder setOfferedQueueLegs(List<String> value);

    public abstract Builder setExcludedReason(@Nullable String value);

    public abstract InteractionTimeline build();
  }
}
