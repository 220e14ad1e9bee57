package io.gckpi.transforms;


/**
 * Customer hold or system hold, for an agent {@code hold} segment. Counting system hold as the
 * agent's inflates handle time by 15-30 %: on chat, email and message Genesys records the time an
 * agent spends on other interactions as hold, and a conference bridge is recorded as hold too;
 * the customer was not put on hold in either case. The spec decides which media and whether
 * conference holds are system hold; those are the defaults.
 */
public final class HoldClassifier {
  private HoldClassifier() {}

  public static boolean isSystemHold(HoldSpan hold, KpiSpec spec) {
    if (spec.holds().systemHoldMedia().contains(hold.getMediaType())) {
      return true;
    }
    return hold.getConference() && spec.holds().conferenceHoldIsSystem();
  }

  /**
   * The timeline with its holds split by the spec: system hold moves from customer hold to
   * system hold (system_latency). Classifying an already classified timeline changes nothing.
   */
  public static InteractionTimeline classify(InteractionTimeline timeline, KpiSpec spec) {
    long systemHolds = 0;
    for (HoldSpan hold : timeline.getHolds()) {
      if (isSystemHold(hold, spec)) {
        systemHolds += hold.getDurationMs();
      }
    }
    long alreadySystem = timeline.getAgentHoldMs() - timeline.getCustomerHoldMs();
    long systemSegments = timeline.getSystemHoldMs() - alreadySystem;
    return timeline.toBuilder()
        .setCustomerHoldMs(timeline.getAgentHoldMs() - systemHolds)
        .setSystemHoldMs(systemSegments + systemHolds)
        .build();
  }
}
