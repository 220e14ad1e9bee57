package io.gckpi.pipeline.ledger;

import io.gckpi.genesys.Interval;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which extraction windows a run must (re)read. A window recorded complete in the ledger is
 * skipped, unless {@code --reprocess} is given or the window lies inside the trailing horizon
 * (Genesys keeps changing conversations for 48 hours and more, so recent windows are always
 * re-read) or the ledger marked it for reprocess (reconciliation breach).
 *
 * <p>A range keeps the window size it was first extracted with: components are per window, so
 * windows of another size over the same days would add to the old ones instead of replacing them.
 */
public final class WindowPlan {
  private WindowPlan() {}

  public static List<Interval> windowsToRead(
      Interval range,
      Duration windowSize,
      Set<String> completeWindowIds,
      boolean reprocess,
      Duration trailingHorizon,
      Instant now) {
    for (String id : completeWindowIds) {
      Duration recorded = Interval.parse(id).duration();
      if (!recorded.equals(windowSize)) {
        throw new IllegalArgumentException(
            "--windowSize: the ledger holds " + recorded + " windows in " + range + " (" + id
                + "), and KPI components are kept per window, so a run with " + windowSize
                + " windows would count those days twice; run this range with --windowSize="
                + recorded);
      }
    }
    Instant horizonStart = now.minus(trailingHorizon);
    List<Interval> toRead = new ArrayList<>();
    for (Interval window : range.split(windowSize)) {
      boolean complete = completeWindowIds.contains(window.toString());
      boolean insideHorizon = window.end().isAfter(horizonStart);
      if (reprocess || !complete || insideHorizon) {
        toRead.add(window);
      }
    }
    return toRead;
  }
}
