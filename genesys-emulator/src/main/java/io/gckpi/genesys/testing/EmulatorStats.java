package io.gckpi.genesys.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of what the emulator did, so tests can assert retries, paging and the rate limit
 * happened as they should. Also served as JSON on {@code GET /emulator/stats}, so that a test
 * driving a job in other processes (a Flink cluster) can follow the read's progress and check
 * every token's request rate.
 */
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
  private final Map<String, TokenUse> tokenUse = new ConcurrentHashMap<>();

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

  /** Result pages of detail jobs served so far, over every job. */
  public long resultPagesServed() {
    long total = 0;
    for (AtomicLong n : pagesServedPerJob.values()) {
      total += n.get();
    }
    return total;
  }

  /** How each bearer token was used, in the order tokens were first used. */
  public List<TokenUse> tokenUse() {
    List<TokenUse> uses = new ArrayList<>(tokenUse.values());
    uses.sort((a, b) -> Long.compare(a.firstRequestMs(), b.firstRequestMs()));
    return uses;
  }

  /** Counts an authenticated request of {@code token} at {@code nowMs}, a 429 answer included. */
  void countTokenRequest(String token, String clientId, long nowMs) {
    tokenUse.computeIfAbsent(token, t -> new TokenUse(t, clientId)).count(nowMs);
  }

  /**
   * The requests one token made: how many, when the first and last went, and the most it made in
   * any 60 seconds (a sliding window, so a burst across the emulator's fixed rate-limit minutes
   * shows). Genesys limits requests per client-credentials token; a client that keeps to the limit
   * never has more than the limit in any 60 seconds.
   */
  public static final class TokenUse {
    private final String token;
    private final String clientId;
    private final ArrayDeque<Long> lastMinute = new ArrayDeque<>();
    private long requests;
    private long firstRequestMs;
    private long lastRequestMs;
    private int busiestMinute;

    TokenUse(String token, String clientId) {
      this.token = token;
      this.clientId = clientId;
    }

    synchronized void count(long nowMs) {
      if (requests == 0) {
        firstRequestMs = nowMs;
      }
      requests++;
      lastRequestMs = Math.max(lastRequestMs, nowMs);
      while (!lastMinute.isEmpty() && lastMinute.peekFirst() <= nowMs - 60_000) {
        lastMinute.pollFirst();
      }
      lastMinute.addLast(nowMs);
      busiestMinute = Math.max(busiestMinute, lastMinute.size());
    }

    public String token() {
      return token;
    }

    public String clientId() {
      return clientId;
    }

    public synchronized long requests() {
      return requests;
    }

    public synchronized long firstRequestMs() {
      return firstRequestMs;
    }

    public synchronized long lastRequestMs() {
      return lastRequestMs;
    }

    /** The most requests of this token in any 60 s. */
    public synchronized int busiestMinute() {
      return busiestMinute;
    }
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
