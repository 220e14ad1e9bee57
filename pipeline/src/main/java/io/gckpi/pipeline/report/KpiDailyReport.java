package io.gckpi.pipeline.report;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import io.gckpi.transforms.KpiDailyComponents;
import io.gckpi.transforms.KpiRates;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of the daily report ({@code kpi_daily}): the column names of the original report's query plus
 * offered, abandon rate, service level and AHT, and the queue's name beside its id where the run
 * read it. The files sink writes it; databases compute the same columns in the {@code kpi_daily}
 * view from the same components, joined with the {@code queues} dimension.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class KpiDailyReport implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getReportDate();

  @SchemaFieldNumber("1")
  public abstract String getQueueId();

  /** The queue's name from the reference data; null when the run knows none. */
  @SchemaFieldNumber("2")
  public abstract @Nullable String getQueueName();

  @SchemaFieldNumber("3")
  public abstract String getMediaType();

  @SchemaFieldNumber("4")
  public abstract long getInteractionVolume();

  @SchemaFieldNumber("5")
  public abstract @Nullable Double getWeightedEffectiveHandleTime();

  @SchemaFieldNumber("6")
  public abstract long getSlaBreaches120s();

  @SchemaFieldNumber("7")
  public abstract @Nullable Double getAvgQueueWait();

  @SchemaFieldNumber("8")
  public abstract @Nullable Double getFirstContactResolutionRate();

  @SchemaFieldNumber("9")
  public abstract long getOffered();

  @SchemaFieldNumber("10")
  public abstract long getAnswered();

  @SchemaFieldNumber("11")
  public abstract long getAbandoned();

  @SchemaFieldNumber("12")
  public abstract @Nullable Double getAbandonRate();

  @SchemaFieldNumber("13")
  public abstract @Nullable Double getServiceLevel();

  @SchemaFieldNumber("14")
  public abstract @Nullable Double getAht();

  @SchemaFieldNumber("15")
  public abstract long getTransfers();

  @SchemaFieldNumber("16")
  public abstract long getSystemLatencyMs();

  /** Handled interactions resolved by repeat contact (0 while the spec leaves that KPI off). */
  @SchemaFieldNumber("17")
  public abstract long getRepeatContactFcr();

  public static KpiDailyReport of(KpiDailyComponents c, @Nullable String queueName) {
    return new AutoValue_KpiDailyReport(
        c.getReportDate(),
        c.getQueueId(),
        queueName,
        c.getMediaType(),
        KpiRates.interactionVolume(c),
        KpiRates.weightedEffectiveHandleTime(c),
        KpiRates.slaBreaches120s(c),
        KpiRates.avgQueueWait(c),
        KpiRates.firstContactResolutionRate(c),
        c.getOffered(),
        c.getAnswered(),
        c.getAbandoned(),
        KpiRates.abandonRate(c),
        KpiRates.serviceLevel(c),
        KpiRates.aht(c),
        c.getTransfers(),
        c.getSystemLatencyMs(),
        c.getRepeatContactFcrCount());
  }
}
