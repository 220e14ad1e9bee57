package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One interaction with its KPIs: every {@link InteractionTimeline} field, flat (the row of
 * {@code interaction_timelines}), plus what {@link KpiCalculator} derives from it with the spec.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class InteractionKpis implements Serializable {
  public abstract String getConversationId();

  public abstract long getConversationStartMs();

  public abstract @Nullable Long getConversationEndMs();

  public abstract String getStatus();

  public abstract String getMediaType();

  public abstract @Nullable String getOriginatingDirection();

  public abstract @Nullable String getQueueId();

  public abstract @Nullable String getEntryQueueId();

  public abstract @Nullable String getQueueName();

  public abstract List<String> getSkillIds();

  public abstract @Nullable String getAgentId();

  public abstract @Nullable String getCustomerKey();

  public abstract long getQueueWaitMs();

  public abstract long getAgentTalkMs();

  public abstract long getCustomerHoldMs();

  public abstract long getSystemHoldMs();

  public abstract long getAgentHoldMs();

  public abstract long getWrapUpMs();

  public abstract long getDialingContactingMs();

  public abstract @Nullable String getWrapUpCode();

  public abstract int getTransfers();

  public abstract boolean getOffered();

  public abstract boolean getAnswered();

  public abstract boolean getAbandoned();

  public abstract @Nullable Long getTHandleMs();

  /** The date of conversationStart in the spec's time zone, yyyy-MM-dd. */
  public abstract String getReportDate();

  /** Start of the UTC hour of conversationStart, for the per-skill hourly table. */
  public abstract long getReportHourStartMs();

  /** Offered, answered by an agent, talk at least the minimum, wrap-up code not excluded. */
  public abstract boolean getHandled();

  /** Genesys standard: talk + all agent hold + wrap-up + dialing and contacting. */
  public abstract long getHandleTimeMs();

  /** The seed's: talk + customer hold + wrap-up (system hold excluded). */
  public abstract long getAgentHandleTimeMs();

  /** System hold, kept out of the agent's handle time. */
  public abstract long getSystemLatencyMs();

  /** Agent handle time x the multiplier of the spec's first matching rule. */
  public abstract long getWeightedHandleTimeMs();

  public abstract long getSlaThresholdMs();

  /** Offered and waited longer than the SLA threshold. */
  public abstract boolean getSlaBreached();

  public abstract boolean getAnsweredOverSla();

  public abstract boolean getAnsweredWithinSla();

  public abstract boolean getFcr();

  /** Null until repeat-contact FCR is computed. */
  public abstract @Nullable Boolean getRepeatContactFcr();

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
        .setTransfers(t.getTransfers())
        .setOffered(t.getOffered())
        .setAnswered(t.getAnswered())
        .setAbandoned(t.getAbandoned())
        .setTHandleMs(t.getTHandleMs());
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

    public abstract Builder setTransfers(int value);

    public abstract Builder setOffered(boolean value);

    public abstract Builder setAnswered(boolean value);

    public abstract Builder setAbandoned(boolean value);

    public abstract Builder setTHandleMs(@Nullable Long value);

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

    public abstract InteractionKpis build();
  }
}
