package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What becomes of one parsed conversation, without Beam: its KPIs (with the filter's excluded
 * reason, if any), or the validation reason it is malformed. Exactly one of the two is set. The
 * Beam transforms apply the same steps ({@link ValidateTimelines}, {@link BuildTimelines},
 * {@link FilterInteractions}, {@link ComputeInteractionKpis}); benchmarks run this in a loop.
 */
public record InteractionOutcome(
    @Nullable InteractionKpis kpis, TimelineValidator.@Nullable Violation malformed) {

  public static InteractionOutcome of(
      Conversation conversation, KpiSpec spec, Map<String, String> referenceNames) {
    TimelineValidator.Violation violation = TimelineValidator.check(conversation);
    if (violation != null) {
      return new InteractionOutcome(null, violation);
    }
    InteractionTimeline timeline =
        withNames(TimelineBuilder.build(conversation, spec), referenceNames);
    timeline =
        timeline.toBuilder()
            .setExcludedReason(InteractionFilter.exclusion(timeline, spec, referenceNames))
            .build();
    return new InteractionOutcome(KpiCalculator.compute(timeline, spec), null);
  }

  /** Fills in the queue's and the wrap-up code's names from reference data (id to name). */
  static InteractionTimeline withNames(
      InteractionTimeline timeline, Map<String, String> referenceNames) {
    return timeline.toBuilder()
        .setQueueName(nameOf(timeline.getQueueId(), referenceNames))
        .setWrapUpCodeName(nameOf(timeline.getWrapUpCode(), referenceNames))
        .build();
  }

  private static @Nullable String nameOf(@Nullable String id, Map<String, String> names) {
    return id == null ? null : names.get(id);
  }
}
