package io.gckpi.transforms;

import com.google.auto.value.AutoValue;
import io.gckpi.genesys.DefaultSchemaCoder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * Handled count and handle time per hour of conversation start and requested skill: AHT per skill
 * group over time, additive so that AHT is always sum over count, never an average of averages.
 * A conversation with several skills counts once for each; one without any, under skill "".
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(DefaultSchemaCoder.class)
public abstract class AhtBySkillHourly implements Serializable {
  @SchemaFieldNumber("0")
  public abstract long getHourStartMs();

  @SchemaFieldNumber("1")
  public abstract String getSkillId();

  @SchemaFieldNumber("2")
  public abstract long getHandledCount();

  @SchemaFieldNumber("3")
  public abstract long getSumHandleMs();

  /** The extraction window holding the conversations' start; "" in a total over windows. */
  @SchemaFieldNumber("4")
  public abstract String getWindowId();

  /** An hour total, outside any window. */
  public static AhtBySkillHourly create(
      long hourStartMs, String skillId, long handledCount, long sumHandleMs) {
    return create(hourStartMs, skillId, handledCount, sumHandleMs, "");
  }

  public static AhtBySkillHourly create(
      long hourStartMs, String skillId, long handledCount, long sumHandleMs, String windowId) {
    return new AutoValue_AhtBySkillHourly(
        hourStartMs, skillId, handledCount, sumHandleMs, windowId);
  }

  /** The rows of one handled, closed interaction, outside any window. */
  public static List<AhtBySkillHourly> of(InteractionKpis k) {
    return of(k, "");
  }

  /** The rows of one handled, closed interaction in extraction window {@code windowId}. */
  public static List<AhtBySkillHourly> of(InteractionKpis k, String windowId) {
    List<AhtBySkillHourly> rows = new ArrayList<>();
    if (!k.getHandled() || !k.getStatus().equals(InteractionTimeline.CLOSED)) {
      return rows;
    }
    List<String> skills = k.getSkillIds().isEmpty() ? List.of("") : k.getSkillIds();
    for (String skill : skills) {
      rows.add(create(k.getReportHourStartMs(), skill, 1, k.getHandleTimeMs(), windowId));
    }
    return rows;
  }

  public AhtBySkillHourly plus(AhtBySkillHourly o) {
    return create(getHourStartMs(), getSkillId(), getHandledCount() + o.getHandledCount(),
        getSumHandleMs() + o.getSumHandleMs(), getWindowId());
  }

  /** The grouping key per window. */
  public String windowKey() {
    return hourKey() + "\u0001" + getWindowId();
  }

  /** The grouping key of the hour's total over windows. */
  public String hourKey() {
    return getHourStartMs() + "\u0001" + getSkillId();
  }

  /** The same figures outside any window: the part of an hour total. */
  public AhtBySkillHourly withoutWindow() {
    return create(getHourStartMs(), getSkillId(), getHandledCount(), getSumHandleMs(), "");
  }
}
