package io.gckpi.transforms;

import io.gckpi.genesys.model.Conversation;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What becomes of one parsed conversation, without Beam: its KPIs, or the validation reason it is
 * malformed, or the filter reason it is left out. Exactly one of the three is set. The Beam
 * transforms apply the same steps ({@link ValidateTimelines}, {@link BuildTimelines},
 * {@link FilterInteractions}, {@link ComputeInteractionKpis}); benchmarks run this in a loop.
 */
public record InteractionOutcome(
    @Nullable InteractionKpis kpis,
    TimelineValidator.@Nullable Violation malformed,
    @Nullable String filteredReason) {

  public static InteractionOutcome of(
      Conversation conversation, KpiSpec spec, Map<String, String> queueNames) {
    TimelineValidator.Violation violation = TimelineValidator.check(conversation);
    if (violation != null) {
      return new InteractionOutcome(null, violation, null);
    }
    InteractionTimeline timeline = withQueueName(TimelineBuilder.build(conversation, spec),
        queueNames);
    String reason = InteractionFilter.exclusion(timeline, spec, queueNames);
    if (reason != null) {
      return new InteractionOutcome(null, null, reason);
    }
    return new InteractionOutcome(KpiCalculator.compute(timeline, spec), null, null);
  }

  static InteractionTimeline withQueueName(
      InteractionTimeline timeline, Map<String, String> queueNames) {
    return timeline.getQueueId() == null
        ? timeline
        : timeline.toBuilder().setQueueName(queueNames.get(timeline.getQueueId())).build();
  }
}
