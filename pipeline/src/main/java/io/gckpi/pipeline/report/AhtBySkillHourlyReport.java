package io.gckpi.pipeline.report;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import io.gckpi.genesys.model.ConversationJson;
import io.gckpi.transforms.AhtBySkillHourly;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * AHT per skill and hour, as the AHT-per-skill endpoint returns it: the {@code
 * aht_by_skill_hourly} view's columns, for the files sink, the skill's name beside its id where
 * the run read it.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class AhtBySkillHourlyReport implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getHourStart();

  @SchemaFieldNumber("1")
  public abstract String getSkillId();

  /** The skill's name from the reference data; null when the run knows none. */
  @SchemaFieldNumber("2")
  public abstract @Nullable String getSkillName();

  @SchemaFieldNumber("3")
  public abstract long getConversationCount();

  /** Seconds: sum of handle time over the count, never an average of averages. */
  @SchemaFieldNumber("4")
  public abstract double getAvgHandleTime();

  public static AhtBySkillHourlyReport create(
      String hourStart,
      String skillId,
      @Nullable String skillName,
      long conversationCount,
      double avgHandleTime) {
    return new AutoValue_AhtBySkillHourlyReport(
        hourStart, skillId, skillName, conversationCount, avgHandleTime);
  }

  /** The hour's figures, its skill known by id alone. */
  public static AhtBySkillHourlyReport of(AhtBySkillHourly a) {
    return of(a, null);
  }

  public static AhtBySkillHourlyReport of(AhtBySkillHourly a, @Nullable String skillName) {
    return new AutoValue_AhtBySkillHourlyReport(
        ConversationJson.formatTimestamp(a.getHourStartMs()),
        a.getSkillId(),
        skillName,
        a.getHandledCount(),
        a.getSumHandleMs() / (double) a.getHandledCount() / 1000.0);
  }
}
