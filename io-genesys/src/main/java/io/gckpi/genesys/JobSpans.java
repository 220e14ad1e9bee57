package io.gckpi.genesys;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Which ledger windows one detail job covers. A job costs a submit, status polls and a delete
 * besides its pages, and its last page is partial, so a job per one-hour window spends about
 * half the rate limit on overhead; a job is also not bound to a window, because a conversation
 * goes to the window holding its start whatever job returned it. So in jobs mode the read's
 * windows are grouped into spans: runs of adjacent windows within one UTC day (a day of a large
 * org stays under Genesys' 400,000 results per job, and days are read in parallel by different
 * workers). A span is read in {@link #initialParts} parts cut at window boundaries, one job each,
 * paged at once so that one part's wait (a Retry-After, a backoff) does not idle the rate limit;
 * with {@link GenesysIO.Read#withAggregateSizing} the parts are planned from Genesys' counts
 * instead. Query mode reads each window on its own, as before.
 */
final class JobSpans {
  private JobSpans() {}

  /** The windows, sorted, in spans: each its windows' ids, in order. */
  static List<List<String>> group(List<Interval> windows, GenesysIO.Mode mode) {
    List<Interval> sorted = new ArrayList<>(windows);
    sorted.sort(null);
    List<List<String>> spans = new ArrayList<>();
    List<String> current = new ArrayList<>();
    Interval last = null;
    for (Interval window : sorted) {
      boolean joins = mode == GenesysIO.Mode.JOBS && last != null
          && last.end().equals(window.start()) && sameDay(last.start(), window.start());
      if (!joins && !current.isEmpty()) {
        spans.add(current);
        current = new ArrayList<>();
      }
      current.add(window.toString());
      last = window;
    }
    if (!current.isEmpty()) {
      spans.add(current);
    }
    return spans;
  }

  private static boolean sameDay(Instant a, Instant b) {
    return a.truncatedTo(ChronoUnit.DAYS).equals(b.truncatedTo(ChronoUnit.DAYS));
  }

  /**
   * The parts a span is first read in: {@code concurrency} runs of its windows (fewer when it has
   * fewer windows), as even in number as they come, cut at window boundaries.
   */
  static List<Interval> initialParts(List<String> windowIds, int concurrency) {
    int n = windowIds.size();
    int parts = Math.max(1, Math.min(concurrency, n));
    List<Interval> out = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int from = p * n / parts;
      int to = (p + 1) * n / parts;
      out.add(new Interval(Interval.parse(windowIds.get(from)).start(),
          Interval.parse(windowIds.get(to - 1)).end()));
    }
    return out;
  }
}
