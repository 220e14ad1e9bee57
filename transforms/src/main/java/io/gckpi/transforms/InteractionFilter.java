package io.gckpi.transforms;

import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Why an interaction is left out of every KPI, or null to keep it. Internal traffic (QA, training,
 * health checks) routes through production queues but has no customer: averaged in, it makes
 * handle times look short and resolution look high, so it is removed before any KPI, by the
 * spec's rules, and counted by reason.
 */
public final class InteractionFilter {
  public static final String INTERNAL_QUEUE = "INTERNAL_QUEUE";
  public static final String EXCLUDED_WRAP_UP_CODE = "EXCLUDED_WRAP_UP_CODE";
  public static final String NO_AGENT = "NO_AGENT";
  public static final String BELOW_MINIMUM_TALK = "BELOW_MINIMUM_TALK";

  private InteractionFilter() {}

  /**
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

  private static boolean isInternal(
      @Nullable String queueId, Set<String> internal, Map<String, String> referenceNames) {
    if (queueId == null) {
      return false;
    }
    String name = referenceNames.get(queueId);
    return internal.contains(queueId) || (name != null && internal.contains(name));
  }
}
