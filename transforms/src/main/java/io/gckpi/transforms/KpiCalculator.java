package io.gckpi.transforms;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The per-interaction KPIs of DESIGN section 5, from a timeline and the spec: plain Java, used by
 * {@link ComputeInteractionKpis} and by benchmarks without Beam.
 */
public final class KpiCalculator {
  private static final long HOUR_MS = 3_600_000L;

  private KpiCalculator() {}

  public static InteractionKpis compute(InteractionTimeline t, KpiSpec spec) {
    long handle = t.getAgentTalkMs() + t.getAgentHoldMs() + t.getWrapUpMs()
        + t.getDialingContactingMs();
    long agentHandle = t.getAgentTalkMs() + t.getCustomerHoldMs() + t.getWrapUpMs();
    double multiplier = spec.weightMultiplier(t.getTransfers(), t.getMediaType(), t.getWrapUpCode());
    long threshold = spec.slaThresholdMs(t.getQueueId(), t.getMediaType());
    boolean overSla = t.getQueueWaitMs() > threshold;
    boolean handled =
        t.getOffered()
            && t.getAnswered()
            && t.getAgentId() != null
            && t.getAgentTalkMs() >= spec.minimumTalkMs()
            && !spec.isExcluded(t.getWrapUpCode(), t.getWrapUpCodeName());
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
        .setSlaBreached(t.getOffered() && overSla)
        .setAnsweredOverSla(t.getAnswered() && t.getOffered() && overSla)
        .setAnsweredWithinSla(t.getAnswered() && t.getOffered() && !overSla)
        .setFcr(handled && spec.isResolved(t.getWrapUpCode(), t.getWrapUpCodeName()))
        .setRepeatContactFcr(null)
        .build();
  }
}
