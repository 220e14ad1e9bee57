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

/**
 * AHT per skill and hour, as the AHT-per-skill endpoint returns it: the {@code
 * aht_by_skill_hourly} view's columns, for the files sink.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class AhtBySkillHourlyReport implements Serializable {
  @SchemaFieldNumber("0")
  public abstract String getHourStart();

  @SchemaFieldNumber("1")
  public abstract String getSkillId();

  @SchemaFieldNumber("2")
  public abstract long getConversationCount();

  /** Seconds: sum of handle time over the count, never an average of averages. */
  @SchemaFieldNumber("3")
  public abstract double getAvgHandleTime();

  public static AhtBySkillHourlyReport create(
      String hourStart, String skillId, long conversationCount, double avgHandleTime) {
    return new AutoValue_AhtBySkillHourlyReport(
        hourStart, skillId, conversationCount, avgHandleTime);
  }

  public static AhtBySkillHourlyReport of(AhtBySkillHourly a) {
    return new AutoValue_AhtBySkillHourlyReport(
        ConversationJson.formatTimestamp(a.getHourStartMs()),
        a.getSkillId(),
        a.getHandledCount(),
        a.getSumHandleMs() / (double) a.getHandledCount() / 1000.0);
  }
}
