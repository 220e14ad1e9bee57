package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The additive parts of the daily KPIs for one (report date, queue, media, extraction window):
 * counts and sums only, so that the components of any split of the input add up to those of the
 * whole. Rates and averages ({@link KpiRates}) are derived from sums, never averaged.
 *
 * <p>Sets, as {@link InteractionFilter} decides them: offered = an acd leg on a queue that is not
 * internal; answered, abandoned, SLA counts and queue wait are over offered; handle sums and FCR
 * are over handled; transfers and system latency are over every closed interaction in any set.
 * The window is the extraction window holding the conversation's start ({@code ""} in a day
 * total), so re-reading a window replaces exactly its own components.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class KpiDailyComponents implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getReportDate();

  /** "" when the interaction never queued (outbound). */
  @SchemaFieldNumber("1")
  public abstract String getQueueId();

  @SchemaFieldNumber("2")
  public abstract String getMediaType();

  @SchemaFieldNumber("3")
  public abstract long getOffered();

  @SchemaFieldNumber("4")
  public abstract long getAnswered();

  @SchemaFieldNumber("5")
  public abstract long getAbandoned();

  @SchemaFieldNumber("6")
  public abstract long getHandled();

  @SchemaFieldNumber("7")
  public abstract long getSumWeightedHandleMs();

  @SchemaFieldNumber("8")
  public abstract long getSumHandleMs();

  @SchemaFieldNumber("9")
  public abstract long getSumAgentHandleMs();

  @SchemaFieldNumber("10")
  public abstract long getSumQueueWaitMs();

  @SchemaFieldNumber("11")
  public abstract long getSlaBreaches();

  @SchemaFieldNumber("12")
  public abstract long getAnsweredOverSla();

  @SchemaFieldNumber("13")
  public abstract long getAnsweredWithinSla();

  @SchemaFieldNumber("14")
  public abstract long getFcrCount();

  @SchemaFieldNumber("15")
  public abstract long getRepeatContactFcrCount();

  @SchemaFieldNumber("16")
  public abstract long getTransfers();

  @SchemaFieldNumber("17")
  public abstract long getSystemLatencyMs();

  /** The extraction window holding the conversations' start; "" in a total over windows. */
  @SchemaFieldNumber("18")
  public abstract String getWindowId();

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_KpiDailyComponents.Builder();
  }

  /** The components of one closed interaction outside any window; null when in no KPI set. */
  public static @Nullable KpiDailyComponents of(InteractionKpis k) {
    return of(k, "");
  }

  /**
   * The components of one closed interaction in extraction window {@code windowId}, or null when
   * the interaction is in no KPI set ({@link InteractionFilter#inAnySet}).
   */
  public static @Nullable KpiDailyComponents of(InteractionKpis k, String windowId) {
    if (!InteractionFilter.inAnySet(k.getOffered(), k.getExcludedReason())) {
      return null;
    }
    boolean offered = InteractionFilter.inOfferedSet(k.getOffered(), k.getExcludedReason());
    boolean handled = k.getHandled();
    return builder()
        .setReportDate(k.getReportDate())
        .setQueueId(k.getQueueId() == null ? "" : k.getQueueId())
        .setMediaType(k.getMediaType())
        .setOffered(one(offered))
        .setAnswered(one(offered && k.getAnswered()))
        .setAbandoned(one(offered && k.getAbandoned()))
        .setHandled(one(handled))
        .setSumWeightedHandleMs(handled ? k.getWeightedHandleTimeMs() : 0)
        .setSumHandleMs(handled ? k.getHandleTimeMs() : 0)
        .setSumAgentHandleMs(handled ? k.getAgentHandleTimeMs() : 0)
        .setSumQueueWaitMs(offered ? k.getQueueWaitMs() : 0)
        .setSlaBreaches(one(k.getSlaBreached()))
        .setAnsweredOverSla(one(k.getAnsweredOverSla()))
        .setAnsweredWithinSla(one(k.getAnsweredWithinSla()))
        .setFcrCount(one(k.getFcr()))
        .setRepeatContactFcrCount(one(Boolean.TRUE.equals(k.getRepeatContactFcr())))
        .setTransfers(k.getTransfers())
        .setSystemLatencyMs(k.getSystemLatencyMs())
        .setWindowId(windowId)
        .build();
  }

  /** Field-by-field sum of two components of the same key. */
  public KpiDailyComponents plus(KpiDailyComponents o) {
    return toBuilder()
        .setOffered(getOffered() + o.getOffered())
        .setAnswered(getAnswered() + o.getAnswered())
        .setAbandoned(getAbandoned() + o.getAbandoned())
        .setHandled(getHandled() + o.getHandled())
        .setSumWeightedHandleMs(getSumWeightedHandleMs() + o.getSumWeightedHandleMs())
        .setSumHandleMs(getSumHandleMs() + o.getSumHandleMs())
        .setSumAgentHandleMs(getSumAgentHandleMs() + o.getSumAgentHandleMs())
        .setSumQueueWaitMs(getSumQueueWaitMs() + o.getSumQueueWaitMs())
        .setSlaBreaches(getSlaBreaches() + o.getSlaBreaches())
        .setAnsweredOverSla(getAnsweredOverSla() + o.getAnsweredOverSla())
        .setAnsweredWithinSla(getAnsweredWithinSla() + o.getAnsweredWithinSla())
        .setFcrCount(getFcrCount() + o.getFcrCount())
        .setRepeatContactFcrCount(getRepeatContactFcrCount() + o.getRepeatContactFcrCount())
        .setTransfers(getTransfers() + o.getTransfers())
        .setSystemLatencyMs(getSystemLatencyMs() + o.getSystemLatencyMs())
        .build();
  }

  /** The grouping key per window, for combining. */
  public String windowKey() {
    return dayKey() + '\u0001' + getWindowId();
  }

  /** The grouping key of the day's total over windows. */
  public String dayKey() {
    return getReportDate() + '\u0001' + getQueueId() + '\u0001' + getMediaType();
  }

  /** The same components outside any window: the part of a day total. */
  public KpiDailyComponents withoutWindow() {
    return toBuilder().setWindowId("").build();
  }

  private static long one(boolean b) {
    return b ? 1 : 0;
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setReportDate(String value);

    public abstract Builder setQueueId(String value);

    public abstract Builder setMediaType(String value);

    public abstract Builder setOffered(long value);

    public abstract Builder setAnswered(long value);

    public abstract Builder setAbandoned(long value);

    public abstract Builder setHandled(long value);

    public abstract Builder setSumWeightedHandleMs(long value);

    public abstract Builder setSumHandleMs(long value);

    public abstract Builder setSumAgentHandleMs(long value);

    public abstract Builder setSumQueueWaitMs(long value);

    public abstract Builder setSlaBreaches(long value);

    public abstract Builder setAnsweredOverSla(long value);

    public abstract Builder setAnsweredWithinSla(long value);

    public abstract Builder setFcrCount(long value);

    public abstract Builder setRepeatContactFcrCount(long value);

    public abstract Builder setTransfers(long value);

    public abstract Builder setSystemLatencyMs(long value);

    public abstract Builder setWindowId(String value);

    public abstract KpiDailyComponents build();
  }
}
