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
 * One interaction with its KPIs: every {@link InteractionTimeline} field, flat (the row of
 * {@code interaction_timelines}), plus what {@link KpiCalculator} derives from it with the spec.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class InteractionKpis implements Serializable {
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

  @SchemaFieldNumber("6")
  public abstract @Nullable String getQueueId();

  @SchemaFieldNumber("7")
  public abstract @Nullable String getEntryQueueId();

  @SchemaFieldNumber("8")
  public abstract @Nullable String getQueueName();

  @SchemaFieldNumber("9")
  public abstract List<String> getSkillIds();

  @SchemaFieldNumber("10")
  public abstract @Nullable String getAgentId();

  @SchemaFieldNumber("11")
  public abstract @Nullable String getCustomerKey();

  @SchemaFieldNumber("12")
  public abstract long getQueueWaitMs();

  @SchemaFieldNumber("13")
  public abstract long getAgentTalkMs();

  @SchemaFieldNumber("14")
  public abstract long getCustomerHoldMs();

  @SchemaFieldNumber("15")
  public abstract long getSystemHoldMs();

  @SchemaFieldNumber("16")
  public abstract long getAgentHoldMs();

  @SchemaFieldNumber("17")
  public abstract long getWrapUpMs();

  @SchemaFieldNumber("18")
  public abstract long getDialingContactingMs();

  @SchemaFieldNumber("19")
  public abstract @Nullable String getWrapUpCode();

  @SchemaFieldNumber("20")
  public abstract @Nullable String getWrapUpCodeName();

  @SchemaFieldNumber("21")
  public abstract int getTransfers();

  @SchemaFieldNumber("22")
  public abstract boolean getOffered();

  @SchemaFieldNumber("23")
  public abstract boolean getAnswered();

  @SchemaFieldNumber("24")
  public abstract boolean getAbandoned();

  /** Genesys' tHandle summed over the handler sessions; null when the record carries none. */
  @SchemaFieldNumber("25")
  public abstract @Nullable Long getGenesysHandleMs();

  /** The date of conversationStart in the spec's time zone, yyyy-MM-dd. */
  @SchemaFieldNumber("26")
  public abstract String getReportDate();

  /** Start of the UTC hour of conversationStart, for the per-skill hourly table. */
  @SchemaFieldNumber("27")
  public abstract long getReportHourStartMs();

  /** Offered, answered by an agent, talk at least the minimum, wrap-up code not excluded. */
  @SchemaFieldNumber("28")
  public abstract boolean getHandled();

  /** Genesys standard: talk + all agent hold + wrap-up + dialing and contacting. */
  @SchemaFieldNumber("29")
  public abstract long getHandleTimeMs();

  /** The business's own: talk + customer hold + wrap-up (system hold excluded). */
  @SchemaFieldNumber("30")
  public abstract long getAgentHandleTimeMs();

  /** System hold, kept out of the agent's handle time. */
  @SchemaFieldNumber("31")
  public abstract long getSystemLatencyMs();

  /** Agent handle time x the multiplier of the spec's first matching rule. */
  @SchemaFieldNumber("32")
  public abstract long getWeightedHandleTimeMs();

  @SchemaFieldNumber("33")
  public abstract long getSlaThresholdMs();

  /** Offered and waited longer than the SLA threshold. */
  @SchemaFieldNumber("34")
  public abstract boolean getSlaBreached();

  @SchemaFieldNumber("35")
  public abstract boolean getAnsweredOverSla();

  @SchemaFieldNumber("36")
  public abstract boolean getAnsweredWithinSla();

  @SchemaFieldNumber("37")
  public abstract boolean getFcr();

  /** Null until repeat-contact FCR is computed. */
  @SchemaFieldNumber("38")
  public abstract @Nullable Boolean getRepeatContactFcr();

  /** Genesys' tAcd summed over the acd legs; null when the record carries none. */
  @SchemaFieldNumber("39")
  public abstract @Nullable Long getGenesysQueueWaitMs();

  /** Genesys' tTalkComplete summed over the handler sessions; null when none. */
  @SchemaFieldNumber("40")
  public abstract @Nullable Long getGenesysTalkMs();

  /** Genesys' tHeldComplete summed over the handler sessions; null when none. */
  @SchemaFieldNumber("41")
  public abstract @Nullable Long getGenesysHoldMs();

  /** Genesys' tAcw summed over the handler sessions; null when none. */
  @SchemaFieldNumber("42")
  public abstract @Nullable Long getGenesysWrapUpMs();

  /** Genesys' nTransferred summed over the handler sessions; null when none. */
  @SchemaFieldNumber("43")
  public abstract @Nullable Long getGenesysTransfers();

  /**
   * Each queue leg the conversation was offered on, {@code queueId@mediaType@epochMs}: where and
   * when Genesys emits nOffered, what reconciliation compares with the aggregates API.
   */
  @SchemaFieldNumber("44")
  public abstract List<String> getOfferedQueueLegs();

  /**
   * Why a filter keeps the conversation out of a KPI set ({@link InteractionFilter}), null when
   * none does: an internal queue leaves every set, the other reasons the handled set only.
   */
  @SchemaFieldNumber("45")
  public abstract @Nullable String getExcludedReason();

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_InteractionKpis.Builder();
  }

  /** The KPI row of a timeline, its own fields copied; the KPI fields are set by the caller. */
  static Builder from(InteractionTimeline t) {
    return builder()
        .setConversationId(t.getConversationId())
        .setConversationStartMs(t.getConversationStartMs())
        .setConversationEndMs(t.getConversationEndMs())
        .setStatus(t.getStatus())
        .setMediaType(t.getMediaType())
        .setOriginatingDirection(t.getOriginatingDirection())
        .setQueueId(t.getQueueId())
        .setEntryQueueId(t.getEntryQueueId())
        .setQueueName(t.getQueueName())
        .setSkillIds(t.getSkillIds())
        .setAgentId(t.getAgentId())
        .setCustomerKey(t.getCustomerKey())
        .setQueueWaitMs(t.getQueueWaitMs())
        .setAgentTalkMs(t.getAgentTalkMs())
        .setCustomerHoldMs(t.getCustomerHoldMs())
        .setSystemHoldMs(t.getSystemHoldMs())
        .setAgentHoldMs(t.getAgentHoldMs())
        .setWrapUpMs(t.getWrapUpMs())
        .setDialingContactingMs(t.getDialingContactingMs())
        .setWrapUpCode(t.getWrapUpCode())
        .setWrapUpCodeName(t.getWrapUpCodeName())
        .setTransfers(t.getTransfers())
        .setOffered(t.getOffered())
        .setAnswered(t.getAnswered())
        .setAbandoned(t.getAbandoned())
        .setGenesysHandleMs(t.getGenesysHandleMs())
        .setGenesysQueueWaitMs(t.getGenesysQueueWaitMs())
        .setGenesysTalkMs(t.getGenesysTalkMs())
        .setGenesysHoldMs(t.getGenesysHoldMs())
        .setGenesysWrapUpMs(t.getGenesysWrapUpMs())
        .setGenesysTransfers(t.getGenesysTransfers())
        .setOfferedQueueLegs(t.getOfferedQueueLegs())
        .setExcludedReason(t.getExcludedReason());
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

    public abstract Builder setReportDate(String value);

    public abstract Builder setReportHourStartMs(long value);

    public abstract Builder setHandled(boolean value);

    public abstract Builder setHandleTimeMs(long value);

    public abstract Builder setAgentHandleTimeMs(long value);

    public abstract Builder setSystemLatencyMs(long value);

    public abstract Builder setWeightedHandleTimeMs(long value);

    public abstract Builder setSlaThresholdMs(long value);

    public abstract Builder setSlaBreached(boolean value);

    public abstract Builder setAnsweredOverSla(boolean value);

    public abstract Builder setAnsweredWithinSla(boolean value);

    public abstract Builder setFcr(boolean value);

    public abstract Builder setRepeatContactFcr(@Nullable Boolean value);

    public abstract Builder setGenesysQueueWaitMs(@Nullable Long value);

    public abstract Builder setGenesysTalkMs(@Nullable Long value);

    public abstract Builder setGenesysHoldMs(@Nullable Long value);

    public abstract Builder setGenesysWrapUpMs(@Nullable Long value);

    public abstract Builder setGenesysTransfers(@Nullable Long value);

    public abstract Builder setOfferedQueueLegs(List<String> value);

    public abstract Builder setExcludedReason(@Nullable String value);

    public abstract InteractionKpis build();
  }
}
