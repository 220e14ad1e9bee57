package io.gckpi.genesys.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of what the emulator did, so tests can assert retries and paging happened. */
public final class EmulatorStats {
  final AtomicLong requests = new AtomicLong();
  final AtomicLong tokensIssued = new AtomicLong();
  final AtomicLong tooManyRequestsSent = new AtomicLong();
  final AtomicLong serverErrorsSent = new AtomicLong();
  final AtomicLong resets = new AtomicLong();
  final AtomicLong truncatedPages = new AtomicLong();
  final AtomicLong jobsSubmitted = new AtomicLong();
  final AtomicLong queriesServed = new AtomicLong();
  final AtomicLong jobsOverCap = new AtomicLong();
  final AtomicLong aggregateQueriesServed = new AtomicLong();
  final Map<String, AtomicLong> pagesServedPerJob = new ConcurrentHashMap<>();

  public long requests() {
    return requests.get();
  }

  public long tokensIssued() {
    return tokensIssued.get();
  }

  public long tooManyRequestsSent() {
    return tooManyRequestsSent.get();
  }

  public long serverErrorsSent() {
    return serverErrorsSent.get();
  }

  public long resets() {
    return resets.get();
  }

  public long truncatedPages() {
    return truncatedPages.get();
  }

  public long jobsSubmitted() {
    return jobsSubmitted.get();
  }

  public long queriesServed() {
    return queriesServed.get();
  }

  /** Jobs that ended FAILED because their result count was over {@code jobResultCap}. */
  public long jobsOverCap() {
    return jobsOverCap.get();
  }

  public long aggregateQueriesServed() {
    return aggregateQueriesServed.get();
  }

  public long pagesServed(String jobId) {
    AtomicLong n = pagesServedPerJob.get(jobId);
    return n == null ? 0 : n.get();
  }

  @Override
  public String toString() {
    return "EmulatorStats{requests=" + requests + ", tokens=" + tokensIssued + ", 429s="
        + tooManyRequestsSent + ", 5xx=" + serverErrorsSent + ", resets=" + resets
        + ", truncated=" + truncatedPages + ", jobs=" + jobsSubmitted + ", queries="
        + queriesServed + ", jobsOverCap=" + jobsOverCap + ", aggregateQueries="
        + aggregateQueriesServed + "}";
  }
}
