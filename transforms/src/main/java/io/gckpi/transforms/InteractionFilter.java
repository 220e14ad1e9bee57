package io.gckpi.transforms;

import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which KPI sets an interaction belongs to: the one place that decides. A filter narrows only the
 * set it is about. Internal traffic (QA, training, health checks) routes through production queues
 * but has no customer, so {@value #INTERNAL_QUEUE} leaves every KPI. Too little talk, an excluded
 * wrap-up code or no handler says nothing about the queue's service: such a conversation was
 * still offered, answered or abandoned (Genesys counts it in nOffered), so it leaves the handled
 * set only (AHT, WEHT, FCR) and still counts in offered, answered, abandoned, SLA and service
 * level. Every excluded conversation keeps its row, with the reason.
 */
public final class InteractionFilter {
  public static final String INTERNAL_QUEUE = "INTERNAL_QUEUE";
  public static final String EXCLUDED_WRAP_UP_CODE = "EXCLUDED_WRAP_UP_CODE";
  public static final String NO_AGENT = "NO_AGENT";
  public static final String BELOW_MINIMUM_TALK = "BELOW_MINIMUM_TALK";

  private InteractionFilter() {}

  /**
   * The reason a filter names for the timeline, or null when none applies.
   *
   * @param referenceNames queue id to name, from reference data; empty when unknown (then internal
   *     queues match by id only)
   */
  public static @Nullable String exclusion(
      InteractionTimeline t, KpiSpec spec, Map<String, String> referenceNames) {
    Set<String> internal = spec.internalQueues();
    if (isInternal(t.getQueueId(), internal, referenceNames)
        || isInternal(t.getEntryQueueId(), internal, referenceNames)) {
      return INTERNAL_QUEUE;
    }
    if (spec.isExcluded(t.getWrapUpCode(), t.getWrapUpCodeName())) {
      return EXCLUDED_WRAP_UP_CODE;
    }
    if (t.getStatus().equals(InteractionTimeline.OPEN)) {
      return null; // still running: talk and agent are not final yet
    }
    if (spec.filters().requireAgent() && t.getAgentId() == null && !t.getOffered()) {
      return NO_AGENT; // IVR or bot only; an abandoned call (offered, no agent) is kept
    }
    if (t.getAnswered() && t.getAgentTalkMs() < spec.minimumTalkMs()) {
      return BELOW_MINIMUM_TALK;
    }
    return null;
  }

  /**
   * In the offered set (offered, answered, abandoned, queue wait, SLA, service level): offered to
   * a queue that is not internal.
   */
  public static boolean inOfferedSet(boolean offered, @Nullable String excludedReason) {
    return offered && !INTERNAL_QUEUE.equals(excludedReason);
  }

  /**
   * In the handled set (AHT, WEHT, FCR): offered, answered by a handler, and no filter applies
   * (talk at least the minimum, wrap-up code not excluded).
   */
  public static boolean inHandledSet(
      boolean offered, boolean answered, @Nullable String agentId, @Nullable String excludedReason) {
    return offered && answered && agentId != null && excludedReason == null;
  }

  /**
   * Counted in the daily components at all (and so in transfers and system latency): no filter
   * applies, or it is in the offered set. An excluded conversation that was never offered (IVR
   * only, a short outbound call) is in no set.
   */
  public static boolean inAnySet(boolean offered, @Nullable String excludedReason) {
    return excludedReason == null || inOfferedSet(offered, excludedReason);
  }

  private static boolean isInternal(
      @Nullable String queueId, Set<String> internal, Map<String, String> referenceNames) {
    if (queueId == null) {
      return false;
    }
    String name = referenceNames.get(queueId);
    return internal.contains(queueId) || (name != null && internal.contains(name));
  }
}
