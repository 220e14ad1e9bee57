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
  final AtomicLong faultsInjected = new AtomicLong();
  final Map<String, AtomicLong> pagesServedPerJob = new ConcurrentHashMap<>();
  final Map<String, JobActivity> jobActivity = new ConcurrentHashMap<>();

  /**
   * What the emulator saw of one detail job, for tests of how a client drives jobs: its
   * interval, when it was submitted, how often its status was asked for, when its first and last
   * results pages were served (System.nanoTime; 0: never) and whether it was deleted.
   */
  public static final class JobActivity {
    private final String jobId;
    private final String interval;
    private final long submittedNanos;
    final AtomicLong statusPolls = new AtomicLong();
    final AtomicLong pages = new AtomicLong();
    volatile long firstPageNanos;
    volatile long lastPageNanos;
    volatile long deletedNanos;

    JobActivity(String jobId, String interval, long submittedNanos) {
      this.jobId = jobId;
      this.interval = interval;
      this.submittedNanos = submittedNanos;
    }

    public String jobId() {
      return jobId;
    }

    public String interval() {
      return interval;
    }

    public long submittedNanos() {
      return submittedNanos;
    }

    public long statusPolls() {
      return statusPolls.get();
    }

    public long pages() {
      return pages.get();
    }

    public long firstPageNanos() {
      return firstPageNanos;
    }

    public long lastPageNanos() {
      return lastPageNanos;
    }

    public boolean deleted() {
      return deletedNanos != 0;
    }

    public long deletedNanos() {
      return deletedNanos;
    }

    @Override
    public String toString() {
      return jobId + " " + interval + ": " + statusPolls + " polls, " + pages + " pages"
          + (deleted() ? ", deleted" : "");
    }
  }

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

  /**
   * The 429s and 5xx the {@link Faults} drew (a storm's 503s included), not those of the rate
   * limit: the requests a client could not have spent on a page whatever it did.
   */
  public long faultsInjected() {
    return faultsInjected.get();
  }

  /** Every detail job submitted so far, in the order they were submitted. */
  public java.util.List<JobActivity> jobs() {
    java.util.List<JobActivity> all = new java.util.ArrayList<>(jobActivity.values());
    all.sort(java.util.Comparator.comparingLong(JobActivity::submittedNanos)
        .thenComparing(JobActivity::jobId));
    return all;
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
