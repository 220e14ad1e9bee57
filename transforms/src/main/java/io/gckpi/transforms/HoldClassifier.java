package io.gckpi.transforms;

import io.gckpi.genesys.model.Segment;
import io.gckpi.genesys.model.Session;

/**
 * Customer hold or system hold, for an agent {@code hold} segment. Counting system hold as the
 * agent's inflates handle time by 15-30 %: on chat, email and message Genesys records the time an
 * agent spends on other interactions as hold, and a conference bridge is recorded as hold too;
 * the customer was not put on hold in either case. The spec decides which media and whether
 * conference holds are system hold; the defaults follow DESIGN section 4.
 */
public final class HoldClassifier {
  private HoldClassifier() {}

  public static boolean isSystemHold(Session session, Segment hold, KpiSpec spec) {
    if (spec.holds().systemHoldMedia().contains(session.getMediaType())) {
      return true;
    }
    return hold.getConference() && spec.holds().conferenceHoldIsSystem();
  }
}
