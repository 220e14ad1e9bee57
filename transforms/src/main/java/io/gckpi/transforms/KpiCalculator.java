package io.gckpi.transforms;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The per-interaction KPIs, from a timeline and the spec: plain Java, used by
 * {@link ComputeInteractionKpis} and by benchmarks without Beam. The timeline's excluded reason
 * (set by {@link FilterInteractions}) decides which sets it is in, by {@link InteractionFilter}.
 */
public final class KpiCalculator {
  private static final long HOUR_MS = 3_600_000L;

  private KpiCalculator() {}

  public static InteractionKpis compute(InteractionTimeline t, KpiSpec spec) {
    long handle = t.handleTimeMs();
    long agentHandle = t.getAgentTalkMs() + t.getCustomerHoldMs() + t.getWrapUpMs();
    double multiplier = spec.weightMultiplier(t.getTransfers(), t.getMediaType(), t.getWrapUpCode());
    long threshold = spec.slaThresholdMs(t.getQueueId(), t.getMediaType());
    boolean overSla = t.getQueueWaitMs() > threshold;
    boolean offered = InteractionFilter.inOfferedSet(t.getOffered(), t.getExcludedReason());
    boolean handled =
        InteractionFilter.inHandledSet(
            offered, t.getAnswered(), t.getAgentId(), t.getExcludedReason());
    return InteractionKpis.from(t)
        .setReportDate(
            LocalDate.ofInstant(Instant.ofEpochMilli(t.getConversationStartMs()), spec.zoneId())
                .toString())
        .setReportHourStartMs(Math.floorDiv(t.getConversationStartMs(), HOUR_MS) * HOUR_MS)
        .setHandled(handled)
        .setHandleTimeMs(handle)
        .setAgentHandleTimeMs(agentHandle)
        .setSystemLatencyMs(t.getSystemHoldMs())
        .setWeightedHandleTimeMs(Math.round(agentHandle * multiplier))
        .setSlaThresholdMs(threshold)
        .setSlaBreached(offered && overSla)
        .setAnsweredOverSla(t.getAnswered() && offered && overSla)
        .setAnsweredWithinSla(t.getAnswered() && offered && !overSla)
        .setFcr(handled && spec.isResolved(t.getWrapUpCode(), t.getWrapUpCodeName()))
        .setRepeatContactFcr(null)
        .build();
  }
}
